using System.Globalization;

namespace Unroll.Benchmarks;

/// <summary>
/// Model.Predict against a Predictor's Predict over the same network, whose forward kernels then
/// read weight panels packed once instead of copying them on every call: dense1024_fwd_b64 and
/// cnn_predict_1000 (its Dense 5408 → 128 packs), on one and two threads (the predictor's call split
/// over them, threadsPerCall). The two alternate in blocks (A B, then B A) round after round in one
/// process; the ratio is the predictor's time over Model.Predict's in the same round. Prints per row
/// <c>PREDICTOR&lt;TAB&gt;workload&lt;TAB&gt;threads&lt;TAB&gt;predict_median_us&lt;TAB&gt;predictor_median_us&lt;TAB&gt;ratio_median&lt;TAB&gt;ratio_q1&lt;TAB&gt;ratio_q3&lt;TAB&gt;rounds</c>.
/// </summary>
public static class PredictorPredict
{
    private const int Rounds = 21;
    private const double BlockSeconds = 0.05;
    private const int PauseMilliseconds = 20;

    public static void Run(string? only)
    {
        Compare.Only = only;
        Console.WriteLine($"# Model.Predict vs Predictor.Predict (panels packed once), alternating {BlockSeconds * 1000:0} ms blocks, {Rounds} rounds per row; " +
            $"{Environment.ProcessorCount} logical CPUs; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        var (mx, _) = Workloads.SyntheticMnist(Workloads.PredictBatch);
        var (dx, _) = Workloads.DenseBatchData();
        var dense = Workloads.NewDense();
        var cnn = Workloads.NewCnn();
        float[] denseOut = new float[Workloads.DenseBatch * Workloads.DenseSize], cnnOut = new float[Workloads.PredictBatch * Workloads.MnistClasses];
        float[] denseCheck = new float[denseOut.Length], cnnCheck = new float[cnnOut.Length];
        foreach (int threads in new[] { 1, 2 })
        {
            dense.Threads = cnn.Threads = threads;
            Row("dense1024_fwd_b64", threads, dense, dx, denseOut, denseCheck);
            Row("cnn_predict_1000", threads, cnn, mx, cnnOut, cnnCheck);
        }
        dense.Threads = cnn.Threads = 1;
    }

    private static void Row(string workload, int threads, Model net, float[] inputs, float[] outputs, float[] check)
    {
        if (!Compare.Want(workload)) return;
        using Predictor predictor = net.CreatePredictor(maxConcurrency: 1, threadsPerCall: threads);
        Action model = () => net.Predict(inputs, outputs), packed = () => predictor.Predict(inputs, check);
        model();
        packed();
        if (!outputs.AsSpan().SequenceEqual(check)) throw new InvalidOperationException($"{workload}: the predictor's outputs differ from Predict's");
        // Ratio = the predictor's time over Model.Predict's in the same round.
        var (packedTimes, modelTimes, ratios) = AlternatingBlocks.Run(packed, model, Rounds, BlockSeconds, PauseMilliseconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PREDICTOR\t{workload}\t{threads}\t{Compare.Median(modelTimes):0.###}\t{Compare.Median(packedTimes):0.###}\t{Compare.Median(ratios):0.###}\t{ratios[Rounds / 4]:0.###}\t{ratios[3 * Rounds / 4]:0.###}\t{Rounds}\tpacked {predictor.PackedBytes / 1024} KB"));
    }
}
