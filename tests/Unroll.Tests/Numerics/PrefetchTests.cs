using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Unroll.Kernels;

namespace Unroll.Tests.Numerics;

/// <summary>
/// The generated Vector512 kernels prefetch the weight panel they read next through
/// <see cref="Prefetch.ToL2"/>; its guards keep the lines inside the buffer, but the step after the
/// last one points just past it, as the kernels' other pointers do. A prefetch never faults and
/// never changes what it touches.
/// </summary>
public class PrefetchTests
{
    [SkippableFact]
    public void A_prefetch_past_the_end_into_an_inaccessible_page_does_not_fault()
    {
        Skip.IfNot(GuardedMemory.Supported, "guard pages need Linux mprotect");
        float[] values = Enumerable.Range(0, 64).Select(i => i * 0.5f).ToArray();
        using var memory = new GuardedMemory(values, guardFactor: 4);
        ref float first = ref MemoryMarshal.GetReference(memory.Span);
        for (int i = 0; i < values.Length + 64; i += 16) // the last three lines are in the guard
            Prefetch.ToL2(ref Unsafe.Add(ref first, i));
        Assert.Equal(values, memory.Span.ToArray());
    }
}
