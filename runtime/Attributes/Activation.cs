namespace Unroll;

/// <summary>Element-wise (or, for softmax, per-sample) activation functions, named as in Keras.</summary>
public enum Activation
{
    /// <summary>Identity: <c>f(x) = x</c> (Keras "linear", the default).</summary>
    Linear = 0,
    /// <summary><c>max(x, 0)</c>.</summary>
    ReLU = 1,
    /// <summary><c>1 / (1 + e^-x)</c>.</summary>
    Sigmoid = 2,
    /// <summary>Hyperbolic tangent.</summary>
    Tanh = 3,
    /// <summary>Normalised exponentials over the last axis.</summary>
    Softmax = 4,
}
