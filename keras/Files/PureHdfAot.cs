using System.Runtime.CompilerServices;

namespace Unroll.Keras;

/// <summary>
/// PureHDF 2.2.0 calls <c>RuntimeHelpers.IsReferenceOrContainsReferences&lt;T&gt;</c> through
/// <c>MakeGenericMethod</c>; under NativeAOT that works only for instantiations compiled ahead of time.
/// These delegates make the compiler emit the ones Unroll.Keras needs; PureHDF's own generic methods are
/// rooted by build/PureHDF.rd.xml, which the package's targets add to NativeAOT builds.
/// </summary>
internal static class PureHdfAot
{
    private static readonly Func<bool>[] Roots =
    [
        RuntimeHelpers.IsReferenceOrContainsReferences<float>,
        RuntimeHelpers.IsReferenceOrContainsReferences<double>,
        RuntimeHelpers.IsReferenceOrContainsReferences<byte>,
    ];

    public static void Root() => GC.KeepAlive(Roots);
}
