using System.Globalization;

namespace Unroll.Benchmarks;

/// <summary>
/// Unroll and ONNX Runtime on the same inference rows in one process, timed in alternating blocks
/// (Unroll then ONNX Runtime, then the other order, round after round), so both see the same
/// machine: on a shared machine whose speed drifts by tens of percent over seconds, a ratio taken
/// within each round says more than two medians taken a minute apart. Prints per row
/// <c>VERSUS&lt;TAB&gt;workload&lt;TAB&gt;threads&lt;TAB&gt;unroll_median_us&lt;TAB&gt;ort_median_us&lt;TAB&gt;ratio_median&lt;TAB&gt;ratio_min&lt;TAB&gt;ratio_max&lt;TAB&gt;rounds</c>,
/// where ratio = Unroll's time over ONNX Runtime's in the same round (below 1: Unroll faster).
/// Rows ending in <c>_predictor</c> time the Unroll side through a <see cref="Predictor"/> (weights packed once).
/// </summary>
public static class Versus
{
    private const int Rounds = 15;
    private const double BlockSeconds = 0.05;

    // Both runtimes keep their worker threads spinning for a while after a call; a pause between
    // blocks lets the side that just ran park them, so they do not take a core from the other side
    // (with 10 ms, Unroll's two-thread dense1024 row took 1.38 ms here against 0.87 ms alone).
    private const int PauseMilliseconds = 100;

    public static void Run(string onnxDir, string? only)
    {
        Compare.Only = only;
        Console.WriteLine($"# Unroll vs ONNX Runtime, alternating {BlockSeconds * 1000:0} ms blocks, {Rounds} rounds per row; " +
            $"{Environment.ProcessorCount} logical CPUs; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        var threadSetting = UnrollThreads.Find() ?? throw new InvalidOperationException("Unroll has no thread setting");

        var (px, _) = Workloads.LoadPima();
        var (mx, _) = Workloads.SyntheticMnist(Workloads.PredictBatch);
        var (dx, _) = Workloads.DenseBatchData();
        float[] pima1000 = Workloads.PimaRows(px, Workloads.PredictBatch);
        var pima = Workloads.NewPima();
        var mnist = Workloads.NewMnist();
        var dense = Workloads.NewDense();
        var cnn = Workloads.NewCnn();
        float[] pimaOut = new float[Workloads.PredictBatch], mnistOut = new float[Workloads.PredictBatch * Workloads.MnistClasses];
        float[] denseOut = new float[Workloads.DenseBatch * Workloads.DenseSize], cnnOut = new float[Workloads.PredictBatch * Workloads.MnistClasses];
        long[] cnnShape = [Workloads.PredictBatch, 1, 28, 28];

        foreach (int threads in new[] { 1, 2 })
        {
            threadSetting.Set(threads, pima, mnist, dense, cnn);
            Row("pima_predict_1000", threads, () => pima.Predict(pima1000, pimaOut),
                () => new OrtCall(threads, Path.Combine(onnxDir, "pima.onnx"), pima1000, Workloads.PredictBatch, 8, 1));
            Row("mnist_predict_1000", threads, () => mnist.Predict(mx, mnistOut),
                () => new OrtCall(threads, Path.Combine(onnxDir, "mnist_mlp.onnx"), mx, Workloads.PredictBatch, Workloads.MnistInputs, Workloads.MnistClasses));
            Row("dense1024_fwd_b64", threads, () => dense.Predict(dx, denseOut),
                () => new OrtCall(threads, Path.Combine(onnxDir, "dense1024.onnx"), dx, Workloads.DenseBatch, Workloads.DenseSize, Workloads.DenseSize));
            Row("cnn_predict_1000", threads, () => cnn.Predict(mx, cnnOut),
                () => new OrtCall(threads, Path.Combine(onnxDir, "fashion_cnn.onnx"), mx, Workloads.PredictBatch, Workloads.MnistInputs, Workloads.MnistClasses, cnnShape));
            // The same rows through a Predictor (its weight panels packed once, as ONNX Runtime packs
            // constant weights when its session is made), each call split over the row's threads.
            using (Predictor predictor = pima.CreatePredictor(maxConcurrency: 1, threadsPerCall: threads))
                Row("pima_predict_1000_predictor", threads, () => predictor.Predict(pima1000, pimaOut),
                    () => new OrtCall(threads, Path.Combine(onnxDir, "pima.onnx"), pima1000, Workloads.PredictBatch, 8, 1));
            using (Predictor predictor = mnist.CreatePredictor(maxConcurrency: 1, threadsPerCall: threads))
                Row("mnist_predict_1000_predictor", threads, () => predictor.Predict(mx, mnistOut),
                    () => new OrtCall(threads, Path.Combine(onnxDir, "mnist_mlp.onnx"), mx, Workloads.PredictBatch, Workloads.MnistInputs, Workloads.MnistClasses));
            using (Predictor predictor = dense.CreatePredictor(maxConcurrency: 1, threadsPerCall: threads))
                Row("dense1024_fwd_b64_predictor", threads, () => predictor.Predict(dx, denseOut),
                    () => new OrtCall(threads, Path.Combine(onnxDir, "dense1024.onnx"), dx, Workloads.DenseBatch, Workloads.DenseSize, Workloads.DenseSize));
            using (Predictor predictor = cnn.CreatePredictor(maxConcurrency: 1, threadsPerCall: threads))
                Row("cnn_predict_1000_predictor", threads, () => predictor.Predict(mx, cnnOut),
                    () => new OrtCall(threads, Path.Combine(onnxDir, "fashion_cnn.onnx"), mx, Workloads.PredictBatch, Workloads.MnistInputs, Workloads.MnistClasses, cnnShape));
        }
        threadSetting.Set(1, pima, mnist, dense, cnn);
    }

    private static void Row(string workload, int threads, Action unroll, Func<OrtCall> openOrt)
    {
        if (!Compare.Want(workload)) return;
        using OrtCall ort = openOrt();
        // Ratio = Unroll's time over ONNX Runtime's in the same round.
        var (unrollTimes, ortTimes, ratios) = AlternatingBlocks.Run(unroll, ort.Run, Rounds, BlockSeconds, PauseMilliseconds);
        ort.CheckFinite(workload);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"VERSUS\t{workload}\t{threads}\t{Compare.Median(unrollTimes):0.###}\t{Compare.Median(ortTimes):0.###}\t{Compare.Median(ratios):0.###}\t{ratios[0]:0.###}\t{ratios[^1]:0.###}\t{Rounds}"));
    }
}
