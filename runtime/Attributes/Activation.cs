// One definition for the runtime and the generator: generator/Unroll.Generator.csproj compiles this file
// too, as an internal enum of its own namespace (so that the generator's tests, which see both assemblies,
// find one Unroll.Activation), which generator/Spec/RuntimeEnums.cs names ActivationKind.
#if UNROLL_GENERATOR
namespace Unroll.Generator.Spec;
#else
namespace Unroll;
#endif

/// <summary>Element-wise (or, for softmax, per-sample) activation functions, named as in Keras.</summary>
#if UNROLL_GENERATOR
internal
#else
public
#endif
enum Activation
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
    /// <summary>
    /// Keras 3's <c>hard_sigmoid</c>: <c>relu6(x + 3) / 6 = clip(x / 6 + 0.5, 0, 1)</c>. LSTM only
    /// (activation or recurrent activation); a Keras file of version 3 or without a version gives it.
    /// </summary>
    HardSigmoid = 5,
    /// <summary>
    /// Keras 2's (and TensorFlow.js's) <c>hard_sigmoid</c>: <c>clip(0.2x + 0.5, 0, 1)</c>. LSTM only;
    /// a Keras file whose <c>keras_version</c> is 1.x or 2.x, or a TensorFlow.js model, gives it.
    /// </summary>
    HardSigmoidKeras2 = 6,
}
