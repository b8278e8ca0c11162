using Microsoft.ML.OnnxRuntime;

namespace Unroll.Benchmarks;

/// <summary>
/// The inference rows in ONNX Runtime (CPU execution provider), on the ONNX files that
/// bench/export_onnx.py exported from the PyTorch networks of bench/pytorch_compare.py.
/// Fastest single-call path: input and output tensors preallocated once
/// (<see cref="OrtValue.CreateTensorValueFromMemory{T}(T[], long[])"/>), bound once with an
/// <see cref="OrtIoBinding"/>, then <see cref="InferenceSession.RunWithBinding(RunOptions, OrtIoBinding)"/>
/// per call with a reused <see cref="RunOptions"/>. Sessions are created with IntraOpNumThreads =
/// the row's thread count, one inter-op thread, sequential execution, all graph optimisations.
/// Same warm-up and timing as <see cref="Compare"/>; same RESULT lines.
/// </summary>
public static class OnnxCompare
{
    public static void Run(string onnxDir, bool quick, string? only = null)
    {
        Compare.Only = only;
        if (quick) { Compare.WarmupSeconds = 0.5; Compare.Blocks = 5; Compare.BlockSeconds = 0.02; }
        Console.WriteLine($"# ONNX Runtime {OrtEnv.Instance().GetVersionString()}, CPU execution provider, models from {onnxDir}");

        var (px, _) = Workloads.LoadPima();
        var (mx, _) = Workloads.SyntheticMnist(Workloads.PredictBatch);
        var (dx, _) = Workloads.DenseBatchData();
        float[] pima1000 = Workloads.PimaRows(px, Workloads.PredictBatch);

        double pimaFwd = Workloads.ForwardFlops(Workloads.PimaSizes), mnistFwd = Workloads.ForwardFlops(Workloads.MnistSizes);
        double denseFwd = Workloads.DenseBatch * Workloads.ForwardFlops(Workloads.DenseSizes);
        string pima = Path.Combine(onnxDir, "pima.onnx"), mnist = Path.Combine(onnxDir, "mnist_mlp.onnx"), dense = Path.Combine(onnxDir, "dense1024.onnx");
        // The CNN (exported from PyTorch, NCHW): the same 784 floats per sample as (batch, 1, 28, 28).
        string cnn = Path.Combine(onnxDir, "fashion_cnn.onnx");
        long[] cnnShape = [Workloads.PredictBatch, 1, 28, 28];

        foreach (int threads in new[] { 1, 2 })
        {
            if (threads == 1)
            {
                Row("pima_predict_1", 1, pima, px[..8], 1, 8, 1, pimaFwd);
                Row("mnist_predict_1", 1, mnist, mx[..Workloads.MnistInputs], 1, Workloads.MnistInputs, Workloads.MnistClasses, mnistFwd);
            }
            Row("pima_predict_1000", threads, pima, pima1000, Workloads.PredictBatch, 8, 1, pimaFwd * Workloads.PredictBatch);
            Row("mnist_predict_1000", threads, mnist, mx, Workloads.PredictBatch, Workloads.MnistInputs, Workloads.MnistClasses, mnistFwd * Workloads.PredictBatch);
            Row("dense1024_fwd_b64", threads, dense, dx, Workloads.DenseBatch, Workloads.DenseSize, Workloads.DenseSize, denseFwd);
            Row("cnn_predict_1000", threads, cnn, mx, Workloads.PredictBatch, Workloads.MnistInputs, Workloads.MnistClasses,
                Workloads.CnnForwardFlops * Workloads.PredictBatch, cnnShape);
        }
    }

    private static void Row(string workload, int threads, string model, float[] input, int batch, int inputs, int outputs, double flops,
        long[]? inputShape = null)
    {
        if (!Compare.Want(workload)) return;
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        using var session = new InferenceSession(model, options);
        string inputName = session.InputNames[0], outputName = session.OutputNames[0];
        var output = new float[batch * outputs];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, inputShape ?? [batch, inputs]);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(output, [batch, outputs]);
        using var runOptions = new RunOptions();
        using var binding = session.CreateIoBinding();
        binding.BindInput(inputName, inputValue);
        binding.BindOutput(outputName, outputValue);
        binding.SynchronizeBoundInputs();
        Compare.Report(workload, threads, Compare.PerCall(() => session.RunWithBinding(runOptions, binding)), flops);
        if (!float.IsFinite(output[0])) throw new InvalidOperationException($"{workload}: ONNX Runtime produced {output[0]}");
    }
}
