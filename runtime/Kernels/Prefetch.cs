using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Unroll.Kernels;

/// <summary>Software prefetch for the generated kernels, which cannot hold a pointer (they compile without unsafe code).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Prefetch
{
    /// <summary>
    /// Asks for the cache line holding <paramref name="value"/> in L2 (x86 <c>prefetcht1</c>); nothing
    /// where x86 has no such instruction. A prefetch never faults, so a line the collector has since
    /// moved costs only the wasted request.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void ToL2(ref float value)
    {
        if (Sse.IsSupported) Sse.Prefetch1(Unsafe.AsPointer(ref value));
    }
}
