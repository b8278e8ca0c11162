namespace Unroll.Generator.Spec;

/// <summary>Mirror of the runtime's <c>Unroll.Initializer</c>, by value.</summary>
internal enum InitializerKind
{
    GlorotUniform = 0,
    GlorotNormal = 1,
    HeUniform = 2,
    HeNormal = 3,
    Zeros = 4,
    Ones = 5,
    RandomUniform = 6,
    Orthogonal = 7,
}
