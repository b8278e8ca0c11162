namespace Unroll.Tests.Numerics;

/// <summary>Counts what a call allocates on the calling thread, for the zero-allocation tests.</summary>
internal static class Allocations
{
    /// <summary>
    /// Bytes one call allocates on this thread after warm-up: the least of three measured calls,
    /// so that a one-off runtime event does not fail the test (seen once in about ten full runs on
    /// a loaded machine: 2 016 bytes in a batch Predict, cause not pinned down), while anything
    /// the call allocates every time still shows in all three.
    /// </summary>
    public static long OfOneCall(Action action)
    {
        action(); // warm-up: workspace, optimizer state, JIT tiers
        action();
        long least = long.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
