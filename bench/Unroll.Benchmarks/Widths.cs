using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace Unroll.Benchmarks;

/// <summary>
/// <c>--widths</c>: single-sample prediction (Pima, the MNIST-sized MLP, an LSTM(64) over 20 steps,
/// one streaming step of a stateful LSTM(64)) with each <see cref="KernelWidth"/>, Stopwatch medians
/// over blocks, and the ratio to the widest; <c>--only PREFIX</c> keeps the rows whose name starts with it.
/// Run it again under <c>DOTNET_EnableAVX2=0</c> to see what a CPU without AVX2 runs.
/// </summary>
internal static class Widths
{
    public static void Run(string? only = null)
    {
        Console.WriteLine($"# Vector512 accelerated: {Vector512.IsHardwareAccelerated}, Vector256: {Vector256.IsHardwareAccelerated}, Vector128: {Vector128.IsHardwareAccelerated}, FMA: {Unroll.Kernels.ScalarMath.HasFusedMultiplyAdd}");
        Console.WriteLine("network\twidth\tmedian ns\tmin ns\tvs widest");
        var rows = new (string Name, Func<Model> Create)[]
        {
            ("pima_predict_1", () => new PimaNet(seed: 7)),
            ("mnist_predict_1", () => new MnistMlp(seed: 7)),
            ("lstm64_predict_1", () => new BenchLstm(seed: 7)),
            ("lstm64_step_1", () => new BenchLstmStep(seed: 7)), // one time step, the state carried between calls
        };
        foreach (var (name, create) in rows)
            if (only is null || name.StartsWith(only, StringComparison.Ordinal)) Measure(name, create());
    }

    private static void Measure(string name, Model net)
    {
        var random = new Random(3);
        float[] x = new float[net.InputSize], y = new float[net.OutputSize];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextSingle() * 2 - 1;
        double widest = 0;
        foreach (KernelWidth width in new[] { KernelWidth.Widest, KernelWidth.Vector256, KernelWidth.Vector128, KernelWidth.Scalar })
        {
            net.KernelWidth = width;
            // Calls per block: about 2 ms of work, after a 1 s warm-up (tiered JIT, dynamic PGO); many
            // short blocks, so that on a busy machine some run without being preempted (the min).
            var clock = Stopwatch.StartNew();
            long calls = 0;
            while (clock.ElapsedMilliseconds < 1000) { net.Predict(x, y); calls++; }
            int perBlock = (int)Math.Max(1, calls / 500);
            var blocks = new double[201];
            for (int b = 0; b < blocks.Length; b++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < perBlock; i++) net.Predict(x, y);
                blocks[b] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / perBlock;
            }
            Array.Sort(blocks);
            double median = blocks[blocks.Length / 2];
            if (width == KernelWidth.Widest) widest = median;
            string label = width == KernelWidth.Widest ? $"Widest ({Peak.KernelsWidth()})" : width.ToString();
            Console.WriteLine($"{name}\t{label}\t{median:F1}\t{blocks[0]:F1}\t{median / widest:F2}x");
        }
    }
}
