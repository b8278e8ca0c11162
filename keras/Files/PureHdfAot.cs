using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Unroll.Keras;

/// <summary>
/// What NativeAOT must compile ahead of time for the PureHDF 2.2.0 paths Unroll.Keras uses, which PureHDF reaches
/// by reflection: <c>RuntimeHelpers.IsReferenceOrContainsReferences&lt;T&gt;</c> through <c>MakeGenericMethod</c>,
/// and <c>Marshal.SizeOf(typeof(byte))</c>, the base type of every variable-length string it writes (the legacy
/// file's <c>layer_names</c>, <c>weight_names</c>, <c>keras_version</c>), which NativeAOT answers only for a type
/// whose marshalling data was compiled in (without it SaveLegacyWeights throws NotSupportedException there).
/// These delegates make the compiler emit them; PureHDF's own generic methods are rooted by build/PureHDF.rd.xml,
/// which the package's targets add to NativeAOT builds.
/// </summary>
internal static class PureHdfAot
{
    private static readonly Func<bool>[] Roots =
    [
        RuntimeHelpers.IsReferenceOrContainsReferences<float>,
        RuntimeHelpers.IsReferenceOrContainsReferences<double>,
        RuntimeHelpers.IsReferenceOrContainsReferences<byte>,
    ];

    private static readonly Func<int>[] MarshallingRoots = [Marshal.SizeOf<byte>];

    public static void Root()
    {
        GC.KeepAlive(Roots);
        GC.KeepAlive(MarshallingRoots);
    }
}
