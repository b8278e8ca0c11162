using System.Diagnostics;

namespace Unroll.Benchmarks;

/// <summary>
/// Two calls timed in alternating blocks, round after round in one process (A then B, then B then
/// A), each block after a pause: on a shared machine whose speed drifts by tens of percent over
/// seconds, the ratio within a round says more than two medians taken a minute apart.
/// </summary>
internal static class AlternatingBlocks
{
    /// <summary>Each side's mean µs per call in every round, and the per-round ratios A / B, sorted.</summary>
    public static (double[] A, double[] B, double[] SortedRatios) Run(Action a, Action b, int rounds, double blockSeconds, int pauseMilliseconds)
    {
        int aCalls = Compare.CallsPerBlock(a, blockSeconds), bCalls = Compare.CallsPerBlock(b, blockSeconds);
        var aTimes = new double[rounds];
        var bTimes = new double[rounds];
        var ratios = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            if (r % 2 == 0)
            {
                aTimes[r] = Block(a, aCalls, pauseMilliseconds);
                bTimes[r] = Block(b, bCalls, pauseMilliseconds);
            }
            else
            {
                bTimes[r] = Block(b, bCalls, pauseMilliseconds);
                aTimes[r] = Block(a, aCalls, pauseMilliseconds);
            }
            ratios[r] = aTimes[r] / bTimes[r];
        }
        Array.Sort(ratios);
        return (aTimes, bTimes, ratios);
    }

    /// <summary>One block after a pause: the mean time per call, µs.</summary>
    private static double Block(Action call, int calls, int pauseMilliseconds)
    {
        Thread.Sleep(pauseMilliseconds);
        call();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++) call();
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls;
    }
}
