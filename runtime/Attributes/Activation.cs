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
}
