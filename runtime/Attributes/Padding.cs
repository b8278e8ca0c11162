// One definition for the runtime and the generator: generator/Unroll.Generator.csproj compiles this file
// too, as an internal enum of its own namespace (so that the generator's tests, which see both assemblies,
// find one Unroll.Padding), which generator/Spec/RuntimeEnums.cs names PaddingKind.
#if UNROLL_GENERATOR
namespace Unroll.Generator.Spec;
#else
namespace Unroll;
#endif

/// <summary>Border handling of convolutions and pooling, as in Keras.</summary>
#if UNROLL_GENERATOR
internal
#else
public
#endif
enum Padding
{
    /// <summary>No padding: windows stay inside the input ("valid", the Keras default).</summary>
    Valid = 0,
    /// <summary>Zero padding (−∞ for max pooling) so that the output has ceil(input / stride) positions; extra padding goes after ("same").</summary>
    Same = 1,
}
