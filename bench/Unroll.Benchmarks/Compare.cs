using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Unroll.Benchmarks;

/// <summary>
/// Plain Stopwatch timing of the same workloads as bench/pytorch_compare.py (and, for inference,
/// <see cref="OnnxCompare"/>), printing one machine-readable line per workload:
/// <c>RESULT&lt;TAB&gt;workload&lt;TAB&gt;threads&lt;TAB&gt;median_us&lt;TAB&gt;min_us&lt;TAB&gt;repeats&lt;TAB&gt;flops</c>
/// (flops per timed unit, counted as in bench/README.md), or
/// <c>NA&lt;TAB&gt;workload&lt;TAB&gt;threads&lt;TAB&gt;reason</c> for a row this side cannot run.
/// Predict rows are per call (the mean of a block of calls, median/min over blocks); epoch rows
/// are per epoch (median/min over epochs); Dense rows are per call. Every workload is warmed up first.
/// </summary>
public static class Compare
{
    // Every workload first runs for at least this long. Tiered JIT with dynamic PGO (tier 0, then
    // instrumented tier 1, then tier 1, compiled in the background) needs on the order of a second
    // or two of a hot loop on this machine before steady state: a Pima epoch measured after 0.5 s
    // of warm-up was still ~4x slower than its steady state (~300 us instead of ~70 us).
    internal static double WarmupSeconds = 2.0;
    internal static int Blocks = 15;
    internal static double BlockSeconds = 0.05;

    /// <summary>Timed epochs per row: (Pima, MNIST at batch 10, MNIST at other batches, Fashion-MNIST CNN).</summary>
    internal static (int Pima, int MnistB10, int Mnist, int Cnn) Epochs(bool quick) => quick ? (5, 1, 2, 1) : (30, 3, 5, 2);

    /// <summary>Timed LSTM epochs per row (8 000 samples each, ≈ 1 s or less per epoch here).</summary>
    internal static int LstmEpochs(bool quick) => quick ? 1 : 3;

    /// <summary>
    /// Only the rows whose workload name starts with this prefix (bench/compare.sh --only PREFIX), or
    /// every row when null. The other rows are neither timed nor printed.
    /// </summary>
    internal static string? Only;

    internal static bool Want(string workload) => Only is null || workload.StartsWith(Only, StringComparison.Ordinal);

    public static void Run(bool quick, string? only = null)
    {
        Only = only;
        if (quick) { WarmupSeconds = 0.5; Blocks = 5; BlockSeconds = 0.02; }
        var (pimaEpochs, mnistEpochsB10, mnistEpochs, cnnEpochs) = Epochs(quick);
        int mnistSamples = quick ? 6_000 : Workloads.MnistSamples;
        // CNN epoch: full mode trains on CnnTimedSamples and scales the time to a 60 000-sample epoch;
        // quick mode trains on 6 000 and does not scale (row "cnn_epoch_b32_quick").
        int cnnSamples = quick ? 6_000 : Workloads.CnnTimedSamples;
        double cnnScale = quick ? 1 : (double)Workloads.CnnSamples / Workloads.CnnTimedSamples;
        string cnnEpochRow = quick ? $"cnn_epoch_b{Workloads.CnnBatch}_quick" : Workloads.CnnEpochRow;

        Console.WriteLine($"# Unroll compare: .NET {Environment.Version}, {Environment.ProcessorCount} logical CPUs, " +
            $"Vector512={System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}, Vector256={System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated}");
        if (quick) Console.WriteLine($"# quick mode: MNIST epoch uses {mnistSamples} samples");
        var threadSetting = UnrollThreads.Find();
        Console.WriteLine(threadSetting is null
            ? "# Unroll thread setting: none found (runtime single-threaded); 2-thread rows are n/a"
            : $"# Unroll thread setting: {threadSetting.Describe()}");

        var pima = Workloads.NewPima();
        var mnist = Workloads.NewMnist();
        var dense = Workloads.NewDense();
        var cnn = Workloads.NewCnn();
        var lstm = Workloads.NewLstm();
        int lstmEpochs = LstmEpochs(quick);
        var (px, py) = Workloads.LoadPima();
        var (mx, my) = Workloads.SyntheticMnist(mnistSamples);
        var (dx, dy) = Workloads.DenseBatchData();
        var (lx, ly) = Workloads.SyntheticSequences(Workloads.LstmSamples);
        float[] lstm1000 = lx[..(Workloads.PredictBatch * Workloads.LstmSteps * Workloads.LstmFeatures)], lstm1000Out = new float[Workloads.PredictBatch];

        float[] pimaIn = px[..8], pimaOut = new float[1];
        float[] mnistIn = mx[..Workloads.MnistInputs], mnistOut = new float[Workloads.MnistClasses];
        float[] pima1000 = Workloads.PimaRows(px, Workloads.PredictBatch), pima1000Out = new float[Workloads.PredictBatch];
        float[] mnist1000 = mx[..(Workloads.PredictBatch * Workloads.MnistInputs)], mnist1000Out = new float[Workloads.PredictBatch * Workloads.MnistClasses];
        float[] denseOut = new float[Workloads.DenseBatch * Workloads.DenseSize];
        // The CNN takes the same 784 floats per sample ((28, 28, 1) channels-last) and 10 one-hot classes.
        float[] cnnX = mx[..(cnnSamples * Workloads.MnistInputs)], cnnY = my[..(cnnSamples * Workloads.MnistClasses)];
        float[] cnn1000Out = new float[Workloads.PredictBatch * Workloads.MnistClasses];

        double pimaFwd = Workloads.ForwardFlops(Workloads.PimaSizes), pimaTrain = Workloads.TrainFlops(Workloads.PimaSizes);
        double mnistFwd = Workloads.ForwardFlops(Workloads.MnistSizes), mnistTrain = Workloads.TrainFlops(Workloads.MnistSizes);
        double denseFwd = Workloads.DenseBatch * Workloads.ForwardFlops(Workloads.DenseSizes);
        double denseTrain = Workloads.DenseBatch * Workloads.TrainFlops(Workloads.DenseSizes);
        double cnnFwd = Workloads.CnnForwardFlops, cnnTrain = Workloads.CnnTrainFlops;
        double lstmFwd = Workloads.LstmForwardFlops, lstmTrain = Workloads.LstmTrainFlops;
        string mnistSuffix = quick ? "_quick" : "";

        foreach (int threads in new[] { 1, 2 })
        {
            if (threads > 1 && threadSetting is null)
            {
                foreach (string w in new[] { "pima_predict_1000", "mnist_predict_1000", "pima_epoch_b128", "mnist_epoch_b128" + mnistSuffix,
                                             "dense1024_fwd_b64", "dense1024_fwdbwd_b64",
                                             "cnn_predict_1000", cnnEpochRow, Workloads.LstmPredictRow, Workloads.LstmEpochRow })
                    if (Want(w)) Console.WriteLine($"NA\t{w}\t{threads}\tn/a (single-threaded)");
                continue;
            }
            threadSetting?.Set(threads, pima, mnist, dense, cnn, lstm);
            if (threads == 1)
            {
                Row("pima_predict_1", 1, () => PerCall(() => pima.Predict(pimaIn, pimaOut)), pimaFwd);
                Row("mnist_predict_1", 1, () => PerCall(() => mnist.Predict(mnistIn, mnistOut)), mnistFwd);
            }
            Row("pima_predict_1000", threads, () => PerCall(() => pima.Predict(pima1000, pima1000Out)), pimaFwd * Workloads.PredictBatch);
            Row("mnist_predict_1000", threads, () => PerCall(() => mnist.Predict(mnist1000, mnist1000Out)), mnistFwd * Workloads.PredictBatch);
            foreach (int batch in threads == 1 ? Workloads.EpochBatches : [128])
                Row($"pima_epoch_b{batch}", threads, () => PerRun(() => Workloads.Epoch(pima, px, py, batch), warmup: 3, pimaEpochs), pimaTrain * (px.Length / 8));
            foreach (int batch in threads == 1 ? Workloads.EpochBatches : [128])
                Row($"mnist_epoch_b{batch}{mnistSuffix}", threads,
                    () => PerRun(() => Workloads.Epoch(mnist, mx, my, batch), warmup: 1, batch == 10 ? mnistEpochsB10 : mnistEpochs), mnistTrain * mnistSamples);
            Row("dense1024_fwd_b64", threads, () => PerCall(() => dense.Predict(dx, denseOut)), denseFwd);
            Row("dense1024_fwdbwd_b64", threads, () => PerCall(() => dense.ComputeGradients(dx, dy)), denseTrain);
            Row("cnn_predict_1000", threads, () => PerCall(() => cnn.Predict(mnist1000, cnn1000Out)), cnnFwd * Workloads.PredictBatch);
            Row(cnnEpochRow, threads,
                () => Array.ConvertAll(PerRun(() => Workloads.Epoch(cnn, cnnX, cnnY, Workloads.CnnBatch), warmup: 1, cnnEpochs), t => t * cnnScale),
                cnnTrain * cnnSamples * cnnScale);
            // LSTM: (20 steps, 32 features) -> LSTM 64 -> Dense 1 sigmoid; predict 1 000 samples, one
            // shuffled epoch of 8 000 samples at batch 32 (both rows also at 2 threads).
            Row(Workloads.LstmPredictRow, threads, () => PerCall(() => lstm.Predict(lstm1000, lstm1000Out)), lstmFwd * Workloads.PredictBatch);
            Row(Workloads.LstmEpochRow, threads,
                () => PerRun(() => Workloads.Epoch(lstm, lx, ly, Workloads.LstmBatch), warmup: 1, lstmEpochs), lstmTrain * Workloads.LstmSamples);
        }
        threadSetting?.Set(1, pima, mnist, dense, cnn, lstm);
    }

    /// <summary>Warm up, size a block to about <see cref="BlockSeconds"/>, then time <see cref="Blocks"/> blocks; per-call µs.</summary>
    internal static double[] PerCall(Action call)
    {
        int calls = CallsPerBlock(call, BlockSeconds);
        var times = new double[Blocks];
        for (int b = 0; b < Blocks; b++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++) call();
            times[b] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls;
        }
        return times;
    }

    /// <summary>Warms the call up for <see cref="WarmupSeconds"/> and returns how many calls take about <paramref name="blockSeconds"/>.</summary>
    internal static int CallsPerBlock(Action call, double blockSeconds)
    {
        long warm = Stopwatch.GetTimestamp();
        long done = 0;
        do { call(); done++; }
        while (Stopwatch.GetElapsedTime(warm).TotalSeconds < WarmupSeconds);
        double perCall = Stopwatch.GetElapsedTime(warm).TotalSeconds / done;
        return (int)Math.Clamp(blockSeconds / perCall, 1, 10_000_000);
    }

    internal static double Median(double[] values)
    {
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    internal static double[] PerRun(Action run, int warmup, int repeats)
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

    /// <summary>Times and reports one row, unless <see cref="Only"/> excludes it.</summary>
    internal static void Row(string workload, int threads, Func<double[]> time, double flops)
    {
        if (Want(workload)) Report(workload, threads, time(), flops);
    }

    internal static void Report(string workload, int threads, double[] times, double flops)
    {
        Array.Sort(times);
        double median = Median(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT\t{workload}\t{threads}\t{median:0.###}\t{times[0]:0.###}\t{times.Length}\t{flops:0}"));
    }
}

/// <summary>
/// Finds a thread-count setting in the runtime, if it has one by now: a settable int property named
/// Threads, ThreadCount, MaxThreads or MaxDegreeOfParallelism on <see cref="Model"/> (static or per
/// instance) or on a public static settings class of the runtime assembly. Null when there is none.
/// </summary>
internal sealed class UnrollThreads(PropertyInfo property)
{
    private static readonly string[] Names = ["Threads", "ThreadCount", "MaxThreads", "MaxDegreeOfParallelism", "NumThreads"];

    public static UnrollThreads? Find()
    {
        var types = new List<Type> { typeof(Model) };
        types.AddRange(typeof(Model).Assembly.GetExportedTypes().Where(t => t != typeof(Model) && t.IsAbstract && t.IsSealed));
        foreach (Type type in types)
            foreach (string name in Names)
                if (type.GetProperty(name, BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance) is { CanWrite: true } p
                    && (p.PropertyType == typeof(int) || p.PropertyType == typeof(int?)))
                    return new UnrollThreads(p);
        return null;
    }

    public string Describe() => $"{property.DeclaringType!.FullName}.{property.Name} ({(property.GetMethod!.IsStatic ? "static" : "per model")})";

    public void Set(int threads, params Model[] models)
    {
        if (property.GetMethod!.IsStatic) property.SetValue(null, threads);
        else foreach (Model m in models) property.SetValue(m, threads);
    }
}
