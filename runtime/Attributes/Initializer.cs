// One definition for the runtime and the generator: generator/Unroll.Generator.csproj compiles this file
// too, as an internal enum of its own namespace (so that the generator's tests, which see both assemblies,
// find one Unroll.Initializer), which generator/Spec/RuntimeEnums.cs names InitializerKind.
#if UNROLL_GENERATOR
namespace Unroll.Generator.Spec;
#else
namespace Unroll;
#endif

/// <summary>Weight initialisers, named as in Keras.</summary>
#if UNROLL_GENERATOR
internal
#else
public
#endif
enum Initializer
{
    /// <summary>Uniform in ±sqrt(6 / (fanIn + fanOut)); the Keras default for kernels.</summary>
    GlorotUniform = 0,
    /// <summary>Truncated normal (2σ) with σ = sqrt(2 / (fanIn + fanOut)).</summary>
    GlorotNormal = 1,
    /// <summary>Uniform in ±sqrt(6 / fanIn).</summary>
    HeUniform = 2,
    /// <summary>Truncated normal (2σ) with σ = sqrt(2 / fanIn).</summary>
    HeNormal = 3,
    /// <summary>All zeros; the Keras default for biases.</summary>
    Zeros = 4,
    /// <summary>All ones.</summary>
    Ones = 5,
    /// <summary>Uniform in ±0.05: Keras's "uniform" (RandomUniform), the default for embeddings.</summary>
    RandomUniform = 6,
    /// <summary>A random orthogonal matrix (Keras "orthogonal", gain 1), the default for recurrent kernels.</summary>
    Orthogonal = 7,
}
