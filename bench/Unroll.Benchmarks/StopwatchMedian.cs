using System.Diagnostics;

namespace Unroll.Benchmarks;

/// <summary>The median time of a call, in microseconds, after warm-up calls: the Stopwatch modes' common timer.</summary>
internal static class StopwatchMedian
{
    public static double Of(Action action, int warmups, int runs)
    {
        for (int i = 0; i < warmups; i++) action();
        var times = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[r] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(times);
        return times[runs / 2];
    }
}
