using System.Diagnostics;
using System.Globalization;

namespace Unroll.Benchmarks;

/// <summary>
/// Plain Stopwatch timing of the same workloads as bench/pytorch_compare.py, printing one
/// machine-readable line per workload:
/// <c>RESULT&lt;TAB&gt;workload&lt;TAB&gt;median_us&lt;TAB&gt;min_us&lt;TAB&gt;repeats</c>.
/// Predict rows are per call (the mean of a block of calls, median/min over blocks); epoch rows
/// are per epoch (median/min over epochs). Every workload is warmed up first.
/// </summary>
public static class Compare
{
    // Every workload first runs for at least this long. Tiered JIT with dynamic PGO (tier 0, then
    // instrumented tier 1, then tier 1, compiled in the background) needs on the order of a second
    // or two of a hot loop on this machine before steady state: a Pima epoch measured after 0.5 s
    // of warm-up was still ~4x slower than its steady state (~300 us instead of ~70 us).
    private const double WarmupSeconds = 2.0;

    public static void Run(bool quick)
    {
        int predictBlocks = quick ? 5 : 15, predictCalls = quick ? 2_000 : 20_000;
        int pimaEpochs = quick ? 5 : 30, mnistEpochs = quick ? 2 : 5, mnistSamples = quick ? 6_000 : Workloads.MnistSamples;

        Console.WriteLine($"# Unroll compare: .NET {Environment.Version}, {Environment.ProcessorCount} logical CPUs, " +
            $"Vector512={System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}, Vector256={System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated}");
        if (quick) Console.WriteLine($"# quick mode: MNIST epoch uses {mnistSamples} samples");

        var pima = Workloads.NewPima();
        var mnist = Workloads.NewMnist();
        var (px, py) = Workloads.LoadPima();
        var (mx, my) = Workloads.SyntheticMnist(mnistSamples);

        float[] pimaIn = px[..8], pimaOut = new float[1];
        float[] mnistIn = mx[..Workloads.MnistInputs], mnistOut = new float[Workloads.MnistClasses];

        Report("pima_predict_1", PerCall(() => pima.Predict(pimaIn, pimaOut), predictBlocks, predictCalls));
        Report("mnist_predict_1", PerCall(() => mnist.Predict(mnistIn, mnistOut), predictBlocks, predictCalls));
        Report("pima_epoch", PerRun(() => Workloads.PimaEpoch(pima, px, py), warmup: 3, pimaEpochs));
        Report(quick ? "mnist_epoch_quick" : "mnist_epoch", PerRun(() => Workloads.MnistEpoch(mnist, mx, my), warmup: 1, mnistEpochs));
    }

    private static double[] PerCall(Action call, int blocks, int calls)
    {
        long warm = Stopwatch.GetTimestamp();
        do { for (int i = 0; i < calls; i++) call(); }
        while (Stopwatch.GetElapsedTime(warm).TotalSeconds < WarmupSeconds);
        for (int i = 0; i < calls; i++) call();
        var times = new double[blocks];
        for (int b = 0; b < blocks; b++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++) call();
            times[b] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls;
        }
        return times;
    }

    private static double[] PerRun(Action run, int warmup, int repeats)
    {
        long warm = Stopwatch.GetTimestamp();
        for (int i = 0; i < warmup || Stopwatch.GetElapsedTime(warm).TotalSeconds < WarmupSeconds; i++) run();
        var times = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            // No forced GC between runs (as in BenchmarkDotNet within an iteration); Fit allocates only a few KB.
            long start = Stopwatch.GetTimestamp();
            run();
            times[r] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        return times;
    }

    private static void Report(string workload, double[] times)
    {
        Array.Sort(times);
        double median = times.Length % 2 == 1 ? times[times.Length / 2] : (times[times.Length / 2 - 1] + times[times.Length / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT\t{workload}\t{median:0.###}\t{times[0]:0.###}\t{times.Length}"));
    }
}
