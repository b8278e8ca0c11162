// One definition for the runtime and the generator: generator/Unroll.Generator.csproj compiles this file
// too, as an internal enum of its own namespace (so that the generator's tests, which see both assemblies,
// find one Unroll.DataFormat), which generator/Spec/RuntimeEnums.cs names DataFormatKind.
#if UNROLL_GENERATOR
namespace Unroll.Generator.Spec;
#else
namespace Unroll;
#endif

/// <summary>Where the channel axis of an image is (Keras <c>data_format</c>).</summary>
#if UNROLL_GENERATOR
internal
#else
public
#endif
enum DataFormat
{
    /// <summary>(height, width, channels): the Keras default.</summary>
    ChannelsLast = 0,
    /// <summary>(channels, height, width).</summary>
    ChannelsFirst = 1,
}
