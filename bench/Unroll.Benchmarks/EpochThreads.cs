namespace Unroll.Benchmarks;

/// <summary>
/// <c>--epoch-threads</c>: the MNIST MLP's batch-128 epoch (Fit, Adam, shuffled, 60 000 samples) on one
/// thread and on two, in alternating blocks in one process (<see cref="AlternatingBlocks"/>), since
/// the two rows of <c>--compare</c> are timed a minute apart on a machine whose speed drifts. Beside it,
/// the serial part of every Fit call: the check that the inputs are finite.
/// </summary>
internal static class EpochThreads
{
    public static void Run(int rounds)
    {
        var (x, y) = Workloads.SyntheticMnist();
        MnistMlp one = Workloads.NewMnist(), two = Workloads.NewMnist();
        one.Threads = 1;
        two.Threads = 2;
        Console.WriteLine($"# MNIST MLP epoch, batch 128, 1 vs 2 threads, {rounds} alternating rounds of about 2 s each; load {File.ReadAllText("/proc/loadavg").Trim()}");
        var (a, b, ratios) = AlternatingBlocks.Run(() => Workloads.Epoch(one, x, y, 128), () => Workloads.Epoch(two, x, y, 128), rounds, blockSeconds: 2, pauseMilliseconds: 200);
        Console.WriteLine("round\t1 thread ms\t2 threads ms\tratio");
        for (int r = 0; r < rounds; r++) Console.WriteLine($"{r}\t{a[r] / 1000:F1}\t{b[r] / 1000:F1}\t{a[r] / b[r]:F2}");
        Console.WriteLine($"ratio median {ratios[rounds / 2]:F2} (min {ratios[0]:F2}, max {ratios[^1]:F2})");
        double check = StopwatchMedian.Of(() => DataChecks.IndexOfNonFinite(x), warmups: 2, runs: 9);
        Console.WriteLine($"Fit's finite-input check over {x.Length:N0} floats: {check / 1000:F1} ms per Fit call (serial)");
    }
}
