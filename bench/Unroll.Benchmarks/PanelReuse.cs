namespace Unroll.Benchmarks;

/// <summary>
/// <c>--panel-reuse</c>: what packing a trainable network's weight panels once saves when the same
/// weights serve many batched forward passes: dense1024's <c>Evaluate</c> over 1 024 samples in
/// batches of 32 (32 passes, each of which would copy the 4 MB of panels), with
/// <see cref="Model.PackWeightPanels"/> on and off in alternating rounds on two networks with the
/// same weights, one thread. Stopwatch medians per call; both must give the same loss.
/// </summary>
internal static class PanelReuse
{
    public static void Run(int rounds = 9)
    {
        Dense1024 packing = Workloads.NewDense(), copying = Workloads.NewDense();
        copying.PackWeightPanels = false;
        packing.Threads = copying.Threads = 1;
        var random = new Random(Workloads.DataSeed);
        float[] x = new float[1024 * 1024], y = new float[1024 * 1024];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextSingle() * 2 - 1;
        for (int i = 0; i < y.Length; i++) y[i] = random.NextSingle() * 2 - 1;
        if (packing.Evaluate(x, y).Loss != copying.Evaluate(x, y).Loss)
            throw new InvalidOperationException("packed and copied panels gave different losses");
        Console.WriteLine($"# dense1024 Evaluate, 1 024 samples in batches of 32, one thread; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("round\tpacked once (us)\tcopied per pass (us)\tratio");
        var ratios = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            double packed = Median(() => packing.Evaluate(x, y)), copied = Median(() => copying.Evaluate(x, y));
            ratios.Add(packed / copied);
            Console.WriteLine($"{r + 1}\t{packed:F0}\t{copied:F0}\t{packed / copied:F3}");
        }
        ratios.Sort();
        Console.WriteLine($"median ratio\t{ratios[ratios.Count / 2]:F3}");
    }

    private static double Median(Action action) => StopwatchMedian.Of(action, warmups: 1, runs: 7);
}
