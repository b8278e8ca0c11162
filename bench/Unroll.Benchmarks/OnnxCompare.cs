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
        using var session = new OrtCall(threads, model, input, batch, inputs, outputs, inputShape);
        Compare.Report(workload, threads, Compare.PerCall(session.Run), flops);
        session.CheckFinite(workload);
    }
}

/// <summary>
/// One ONNX Runtime model ready to run on a fixed input: a session with IntraOpNumThreads = the row's
/// thread count, one inter-op thread, sequential execution, all graph optimisations, and input and
/// output tensors preallocated and bound once, so <see cref="Run"/> is the fastest single-call path.
/// </summary>
internal sealed class OrtCall : IDisposable
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _options;
    private readonly OrtValue _input, _output;
    private readonly RunOptions _runOptions = new();
    private readonly OrtIoBinding _binding;
    private readonly float[] _outputs;

    public OrtCall(int threads, string model, float[] input, int batch, int inputs, int outputs, long[]? inputShape = null)
    {
        _options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(model, _options);
        _outputs = new float[batch * outputs];
        _input = OrtValue.CreateTensorValueFromMemory(input, inputShape ?? [batch, inputs]);
        _output = OrtValue.CreateTensorValueFromMemory(_outputs, [batch, outputs]);
        _binding = _session.CreateIoBinding();
        _binding.BindInput(_session.InputNames[0], _input);
        _binding.BindOutput(_session.OutputNames[0], _output);
        _binding.SynchronizeBoundInputs();
    }

    public void Run() => _session.RunWithBinding(_runOptions, _binding);

    public void CheckFinite(string workload)
    {
        if (!float.IsFinite(_outputs[0])) throw new InvalidOperationException($"{workload}: ONNX Runtime produced {_outputs[0]}");
    }

    public void Dispose()
    {
        _binding.Dispose();
        _runOptions.Dispose();
        _output.Dispose();
        _input.Dispose();
        _session.Dispose();
        _options.Dispose();
    }
}
