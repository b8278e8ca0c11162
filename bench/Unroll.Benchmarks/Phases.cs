using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Unroll.Benchmarks;

/// <summary>
/// <c>--phases [--batch N]</c>: where one MNIST training step's time goes, on one thread. The
/// generated layer kernels of <see cref="MnistMlp"/> (private static methods, reached by reflection)
/// are timed one by one on a real batch, beside the public passes they make up (Predict,
/// ComputeGradients, TrainOnBatch, a Fit epoch divided by its steps), Adam alone over the 55 050
/// parameters, the loss and its gradient, and the gather of a shuffled batch's rows. Each figure is
/// the median of 31 blocks of calls, in microseconds per call, of this thread's CPU time on Linux
/// (clock_gettime(CLOCK_THREAD_CPUTIME_ID): time the thread waited for a core while other processes
/// ran is not counted, so a busy machine distorts the figures less) and of wall time elsewhere.
/// </summary>
internal static class Phases
{
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec { public long Seconds, Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private const int ThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    /// <summary>Microseconds of this thread's CPU time on Linux, of wall time elsewhere.</summary>
    private static double NowMicroseconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuTime, out TimeSpec t) == 0) return t.Seconds * 1e6 + t.Nanoseconds / 1e3;
        return Stopwatch.GetTimestamp() * 1e6 / Stopwatch.Frequency;
    }

    private delegate void DenseForward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> a, int batch);
    private delegate void FirstDenseForward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> a, int batch, ReadOnlySpan<float> packedPanels);
    private delegate void FirstDenseBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> dw, Span<float> db, int batch);
    private delegate void DenseBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> dw, Span<float> db, Span<float> dx, ReadOnlySpan<float> wt, int batch);
    private delegate void Transpose(ReadOnlySpan<float> w, Span<float> wt);

    public static void Run(int batch)
    {
        var net = Workloads.NewMnist();
        net.Threads = 1;
        var (x, y) = Workloads.SyntheticMnist();
        float[] bx = x[..(batch * 784)], by = y[..(batch * 10)];
        float[] w0 = new float[784 * 64], w1 = new float[64 * 64], w2 = new float[64 * 10], b = new float[64];
        net.Weights.Slice(0, w0.Length).CopyTo(w0);
        net.Weights.Slice(50240, w1.Length).CopyTo(w1);
        net.Weights.Slice(54400, w2.Length).CopyTo(w2);
        float[] a0 = new float[batch * 64], a1 = new float[batch * 64], a2 = new float[batch * 10];
        float[] g0 = new float[batch * 64], g1 = new float[batch * 64], g2 = new float[batch * 10];
        float[] dw0 = new float[w0.Length], dw1 = new float[w1.Length], dw2 = new float[w2.Length], db = new float[64];
        float[] wt1 = new float[w1.Length], wt2 = new float[w2.Length];
        for (int i = 0; i < g0.Length; i++) { g0[i] = (i % 13 - 6) * 0.01f; g1[i] = (i % 11 - 5) * 0.01f; }
        for (int i = 0; i < g2.Length; i++) g2[i] = (i % 7 - 3) * 0.01f;

        Type type = typeof(MnistMlp);
        T Kernel<T>(string name) where T : Delegate =>
            (T)Delegate.CreateDelegate(typeof(T), type.GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)
                ?? throw new InvalidOperationException($"{type.Name} has no {name}"));
        var forward0 = Kernel<FirstDenseForward>("__DenseForward");
        var forward1 = Kernel<DenseForward>("__Dense1Forward");
        var forward2 = Kernel<DenseForward>("__Dense2Forward");
        var backward0 = Kernel<FirstDenseBackward>("__DenseBackward");
        var backward1 = Kernel<DenseBackward>("__Dense1Backward");
        var backward2 = Kernel<DenseBackward>("__Dense2Backward");
        var transpose1 = Kernel<Transpose>("__Dense1Transpose");
        var transpose2 = Kernel<Transpose>("__Dense2Transpose");
        forward0(bx, w0, b, a0, batch, default);
        forward1(a0, w1, b, a1, batch);
        forward2(a1, w2, b, a2, batch);
        transpose1(w1, wt1);
        transpose2(w2, wt2);

        var adam = new Adam();
        float[] parameters = net.Weights.ToArray(), gradients = new float[parameters.Length];
        for (int i = 0; i < gradients.Length; i++) gradients[i] = (i % 17 - 8) * 1e-3f;
        adam.Build(parameters.Length);

        var random = new Random(1);
        int[] order = Enumerable.Range(0, Workloads.MnistSamples).OrderBy(_ => random.Next()).ToArray();
        float[] gathered = new float[batch * 784];
        int next = 0;

        Console.WriteLine($"# MNIST MLP training step phases, batch {batch}, one thread, us of CPU time per call (median of 31 blocks)");
        Row("dense forward (784 -> 64, relu)", () => forward0(bx, w0, b, a0, batch, default));
        Row("dense_1 forward (64 -> 64, relu)", () => forward1(a0, w1, b, a1, batch));
        Row("dense_2 forward (64 -> 10, softmax)", () => forward2(a1, w2, b, a2, batch));
        Row("  of which the softmax of the 10-class rows", () => Kernels.ActivationKernels.SoftmaxRows(a2, 10));
        Row("loss (categorical cross-entropy)", () => Loss.CategoricalCrossEntropy.Compute(a2, by, 10));
        Row("loss gradient (p - y, fused)", () => Loss.CategoricalCrossEntropy.Gradient(a2, by, g2, 10, Activation.Softmax));
        Row("transposes of W1, W2 (PrepareBackward)", () => { transpose1(w1, wt1); transpose2(w2, wt2); });
        Row("dense_2 backward (dW, db, dx)", () => backward2(a1, g2, dw2, db, g1, wt2, batch));
        Row("relu backward (64 x batch)", () => Kernels.ActivationKernels.ReluBackward(a1, g1));
        Row("dense_1 backward (dW, db, dx)", () => backward1(a0, g1, dw1, db, g0, wt1, batch));
        Row("dense backward (dW 784 x 64, db; no dx)", () => backward0(bx, g0, dw0, db, batch));
        Row("Adam over 55 050 parameters", () => adam.Apply(parameters, gradients));
        float[] m = new float[parameters.Length], v = new float[parameters.Length];
        Row("  Adam's pass with a multiply for its sqrt and divide", () => AdamWithoutDivider(parameters, gradients, m, v));
        Row("gather of a shuffled batch's rows", () =>
        {
            for (int i = 0; i < batch; i++, next = (next + 1) % order.Length)
                x.AsSpan(order[next] * 784, 784).CopyTo(gathered.AsSpan(i * 784));
        });
        Row("Predict (inference forward)", () => net.Predict(bx, a2));
        Row("ComputeGradients (forward, loss, backward)", () => net.ComputeGradients(bx, by));
        Row("TrainOnBatch (the same + Adam)", () => net.TrainOnBatch(bx, by));
        int slice = 0, slices = Workloads.MnistSamples / batch;
        Row("  TrainOnBatch on the data set's next rows (from memory)", () =>
        {
            net.TrainOnBatch(x.AsSpan(slice * batch * 784, batch * 784), y.AsSpan(slice * batch * 10, batch * 10));
            slice = (slice + 1) % slices;
        });
        int steps = (Workloads.MnistSamples + batch - 1) / batch;
        Row($"Fit epoch / {steps} steps (shuffle, gather, bookkeeping)", () => Workloads.Epoch(net, x, y, batch), perCall: steps, blocks: 5, minimum: 0);
        Row($"  Fit epoch without shuffle (rows read in place) / {steps}", () => net.Fit(x, y, epochs: 1, batchSize: batch, verbose: 0, shuffle: false), perCall: steps, blocks: 5, minimum: 0);
        Row($"  of which Fit's input check (finite inputs) / {steps}", () => DataChecks.IndexOfNonFinite(x), perCall: steps, blocks: 5, minimum: 0);
    }

    /// <summary>
    /// Adam's pass (the same loads, stores and multiply-adds over the same four arrays) with a
    /// multiply in place of its square root and divide: not an update, only what the pass costs
    /// without the divider, which bounds the real one.
    /// </summary>
    private static void AdamWithoutDivider(float[] w, float[] g, float[] m, float[] v)
    {
        var b1 = Vector512.Create(0.9f); var c1 = Vector512.Create(0.1f);
        var b2 = Vector512.Create(0.999f); var c2 = Vector512.Create(0.001f);
        var alpha = Vector512.Create(1e-3f); var eps = Vector512.Create(1e-7f);
        ref float wr = ref MemoryMarshal.GetArrayDataReference(w), gr = ref MemoryMarshal.GetArrayDataReference(g);
        ref float mr = ref MemoryMarshal.GetArrayDataReference(m), vr = ref MemoryMarshal.GetArrayDataReference(v);
        for (nuint i = 0; i + 16 <= (nuint)w.Length; i += 16)
        {
            var gv = Vector512.LoadUnsafe(ref gr, i);
            var mv = Vector512.FusedMultiplyAdd(b1, Vector512.LoadUnsafe(ref mr, i), c1 * gv);
            var vv = Vector512.FusedMultiplyAdd(b2, Vector512.LoadUnsafe(ref vr, i), c2 * gv * gv);
            mv.StoreUnsafe(ref mr, i);
            vv.StoreUnsafe(ref vr, i);
            (Vector512.LoadUnsafe(ref wr, i) - alpha * mv * (vv + eps)).StoreUnsafe(ref wr, i);
        }
    }

    private static void Row(string name, Action action, int perCall = 1, int blocks = 31, double minimum = 0.01)
    {
        // Warm up past tiered JIT, then time blocks of calls at least `minimum` seconds long.
        long warm = Stopwatch.GetTimestamp();
        int calls = 0;
        while (Stopwatch.GetElapsedTime(warm).TotalSeconds < 1.0 || calls < 3) { action(); calls++; }
        int perBlock = Math.Max(1, (int)(calls * minimum));
        var times = new double[blocks];
        for (int r = 0; r < blocks; r++)
        {
            double start = NowMicroseconds();
            for (int i = 0; i < perBlock; i++) action();
            times[r] = (NowMicroseconds() - start) / perBlock / perCall;
        }
        Array.Sort(times);
        Console.WriteLine($"{name,-58}{times[blocks / 2],10:F2}");
    }
}
