using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Unroll.Benchmarks;

/// <summary>
/// <c>--bounds</c>: what bounds the single-sample MNIST MLP and the LSTM(64) streaming step on this
/// machine. Each bound is the best loop for the same work: the same weight bytes streamed once in
/// order, the same Vector512 FMAs into 8 or 16 independent accumulators (no dependency but theirs),
/// nothing else; once with the real weights (from L2: they exceed L1) and once with the FMAs over a
/// block that stays in L1 (the compute bound). Beside them: the generated kernels called directly,
/// and the whole Predict. Medians and minima as <c>--latency</c>.
/// </summary>
internal static class Bounds
{
    public static void Run()
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            Console.WriteLine("# --bounds measures Vector512 loops; this CPU has no accelerated Vector512.");
            return;
        }
        var random = new Random(3);
        Console.WriteLine("piece\tmedian ns\tmin ns");

        var mnist = new MnistMlp(seed: 7);
        float[] image = Enumerable.Range(0, 784).Select(_ => random.NextSingle()).ToArray(), classes = new float[10];
        float[] hidden = new float[64];
        // 784 × 64 + 64 × 64 + 64 × 16 (the last layer's 10 columns padded to a register) floats.
        float[] mlpWeights = Aligned(Enumerable.Range(0, 784 * 64 + 64 * 64 + 64 * 16).Select(_ => random.NextSingle() - 0.5f).ToArray());
        Latency.Measure("mnist bound, FMAs only (784x64 + 64x64 + 64x16 weights re-read from a 16 KB L1 block)", new MlpBound(image, mlpWeights, l1Only: true));
        Latency.Measure("mnist bound, the 213 KB of weights streamed (784x64 + 64x64 + 64x16)", new MlpBound(image, mlpWeights, l1Only: false));
        Latency.Measure("mnist generated dense 784->64 relu kernel", new MnistFirstLayer(mnist, image, hidden));
        Latency.Measure("mnist PredictSample", new MnistSample(mnist, image, classes));
        Latency.Measure("mnist Predict", new MnistPredict(mnist, image, classes));

        var lstm = new BenchLstmStep(seed: 7);
        float[] step = Enumerable.Range(0, 32).Select(_ => random.NextSingle() * 2 - 1).ToArray(), output = new float[1];
        float[] gateWeights = Aligned(Enumerable.Range(0, 96 * 256).Select(_ => (random.NextSingle() - 0.5f) * 0.1f).ToArray());
        float[] state = Enumerable.Range(0, 96).Select(_ => random.NextSingle()).ToArray(), gates = new float[256];
        Latency.Measure("lstm bound, FMAs only (96x256 weights re-read from a 16 KB L1 block)", new LstmBound(state, gateWeights, gates, l1Only: true));
        Latency.Measure("lstm bound, the 96 KB of W and U streamed", new LstmBound(state, gateWeights, gates, l1Only: false));
        float[] cells = new float[64], hiddenState = new float[64];
        Latency.Measure("lstm bound + the gate activations and c, h update (GateMath, as generated)", new LstmBound(state, gateWeights, gates, l1Only: false, cells, hiddenState));
        Latency.Measure("lstm gate activations and c, h update alone (16 + 4 registers)", new LstmGatesOnly(gates, cells, hiddenState));
        Latency.Measure("lstm generated recurrence kernel (one step)", new LstmKernel(lstm, step));
        Latency.Measure("lstm PredictSample", new LstmSample(lstm, step, output));
        Latency.Measure("lstm Predict", new LstmPredict(lstm, step, output));
    }

    /// <summary>
    /// A copy of <paramref name="values"/> whose first element sits on a 64-byte boundary, as the
    /// networks' parameters do (a Vector512 load never splits a cache line): pinned, so it stays there.
    /// </summary>
    private static float[] Aligned(float[] values)
    {
        for (int attempt = 0; ; attempt++)
        {
            float[] array = GC.AllocateArray<float>(values.Length, pinned: true);
            if (Unsafe.ByteOffset(ref Unsafe.NullRef<float>(), ref array[0]) % 64 == 0)
            {
                values.CopyTo(array, 0);
                return array;
            }
            if (attempt > 1000) throw new InvalidOperationException("No 64-byte aligned pinned array.");
        }
    }

    // The L1-only variants wrap the row index with a mask (one AND, no division): 2 × 32 rows of
    // 64 floats (16 KB) for the MLP, 16 rows of 256 floats (16 KB) for the LSTM.
    private const int MlpL1Mask = 31, LstmL1Mask = 15;

    /// <summary>One Dense layer (K inputs, 64 columns) for one sample: 4 × Vector512 columns × 2 halves of K = 8 chains.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dense64(ref float x, ref float w, int k, bool l1Only, ref float y)
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
        int half = k / 2, mask = l1Only ? MlpL1Mask : -1;
        for (int i = 0; i < half; i++)
        {
            int row = i & mask, other = l1Only ? row + MlpL1Mask + 1 : i + half;
            ref float r = ref Unsafe.Add(ref w, row * 64);
            ref float s = ref Unsafe.Add(ref w, other * 64);
            var u = Vector512.Create(Unsafe.Add(ref x, i));
            var v = Vector512.Create(Unsafe.Add(ref x, i + half));
            a0 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r), a0);
            a1 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r, 16), a1);
            a2 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r, 32), a2);
            a3 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r, 48), a3);
            b0 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref s), b0);
            b1 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref s, 16), b1);
            b2 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref s, 32), b2);
            b3 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref s, 48), b3);
        }
        Vector512.Max(a0 + b0, default).StoreUnsafe(ref y);
        Vector512.Max(a1 + b1, default).StoreUnsafe(ref y, 16);
        Vector512.Max(a2 + b2, default).StoreUnsafe(ref y, 32);
        Vector512.Max(a3 + b3, default).StoreUnsafe(ref y, 48);
    }

    private readonly struct MlpBound(float[] x, float[] w, bool l1Only) : Latency.IProbe
    {
        private readonly float[] _h1 = new float[64], _h2 = new float[64], _y = new float[16];

        public void Run()
        {
            ref float wr = ref w[0];
            Dense64(ref x[0], ref wr, 784, l1Only, ref _h1[0]);
            Dense64(ref _h1[0], ref Unsafe.Add(ref wr, l1Only ? 0 : 784 * 64), 64, l1Only, ref _h2[0]);
            ref float last = ref Unsafe.Add(ref wr, l1Only ? 0 : 784 * 64 + 64 * 64);
            Vector512<float> c = default, d = default;
            for (int k = 0; k < 64; k += 2)
            {
                c = Vector512.FusedMultiplyAdd(Vector512.Create(_h2[k]), Vector512.LoadUnsafe(ref last, (nuint)(k * 16)), c);
                d = Vector512.FusedMultiplyAdd(Vector512.Create(_h2[k + 1]), Vector512.LoadUnsafe(ref last, (nuint)(k * 16 + 16)), d);
            }
            (c + d).StoreUnsafe(ref _y[0]);
        }
    }

    /// <summary>[x; h] (96) · [W; U] (96, 256): 16 × Vector512 accumulators, each row of 1 KB read once.</summary>
    private readonly struct LstmBound(float[] state, float[] w, float[] gates, bool l1Only, float[]? cells = null, float[]? hidden = null) : Latency.IProbe
    {
        public void Run()
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            Vector512<float> a8 = default, a9 = default, a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;
            ref float wr = ref w[0], xr = ref state[0];
            int mask = l1Only ? LstmL1Mask : -1;
            for (int k = 0; k < 96; k++)
            {
                ref float r = ref Unsafe.Add(ref wr, (k & mask) * 256);
                var u = Vector512.Create(Unsafe.Add(ref xr, k));
                a0 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r), a0);
                a1 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r, 16), a1);
                a2 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r, 32), a2);
                a3 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r, 48), a3);
                a4 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r, 64), a4);
                a5 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r, 80), a5);
                a6 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r, 96), a6);
                a7 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r, 112), a7);
                a8 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r, 128), a8);
                a9 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r, 144), a9);
                a10 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r, 160), a10);
                a11 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r, 176), a11);
                a12 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r, 192), a12);
                a13 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r, 208), a13);
                a14 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r, 224), a14);
                a15 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref r, 240), a15);
            }
            if (cells is not null)
            {
                ref float c = ref cells[0], h = ref hidden![0];
                Update(a0, a4, a8, a12, ref c, ref h);
                Update(a1, a5, a9, a13, ref Unsafe.Add(ref c, 16), ref Unsafe.Add(ref h, 16));
                Update(a2, a6, a10, a14, ref Unsafe.Add(ref c, 32), ref Unsafe.Add(ref h, 32));
                Update(a3, a7, a11, a15, ref Unsafe.Add(ref c, 48), ref Unsafe.Add(ref h, 48));
                return;
            }
            ref float g = ref gates[0];
            (a0 + a1 + a2 + a3).StoreUnsafe(ref g);
            (a4 + a5 + a6 + a7).StoreUnsafe(ref g, 16);
            (a8 + a9 + a10 + a11).StoreUnsafe(ref g, 32);
            (a12 + a13 + a14 + a15).StoreUnsafe(ref g, 48);
        }
    }

    /// <summary>The generated step's epilogue on one register per gate: activations, c = f⊙c + i⊙c̃, h = o⊙tanh(c).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(Vector512<float> i, Vector512<float> f, Vector512<float> g, Vector512<float> o, ref float cell, ref float hidden)
    {
        i = Unroll.Kernels.GateMath.Sigmoid(i);
        f = Unroll.Kernels.GateMath.Sigmoid(f);
        g = Unroll.Kernels.GateMath.Tanh(g);
        o = Unroll.Kernels.GateMath.Sigmoid(o);
        Vector512<float> c = Vector512.FusedMultiplyAdd(f, Vector512.LoadUnsafe(ref cell), i * g);
        c.StoreUnsafe(ref cell);
        (o * Unroll.Kernels.GateMath.Tanh(c)).StoreUnsafe(ref hidden);
    }

    private readonly struct LstmGatesOnly(float[] gates, float[] cells, float[] hidden) : Latency.IProbe
    {
        public void Run()
        {
            ref float z = ref gates[0], c = ref cells[0], h = ref hidden[0];
            for (int j = 0; j < 64; j += 16)
                Update(Vector512.LoadUnsafe(ref z, (nuint)j), Vector512.LoadUnsafe(ref z, (nuint)(j + 64)), Vector512.LoadUnsafe(ref z, (nuint)(j + 128)),
                    Vector512.LoadUnsafe(ref z, (nuint)(j + 192)), ref Unsafe.Add(ref c, j), ref Unsafe.Add(ref h, j));
        }
    }

    private readonly struct MnistFirstLayer(MnistMlp net, float[] x, float[] h) : Latency.IProbe { public void Run() => net.ProbeFirstLayer(x, h); }
    private readonly struct MnistSample(MnistMlp net, float[] x, float[] y) : Latency.IProbe { public void Run() => net.ProbeSample(x, y); }
    private readonly struct MnistPredict(MnistMlp net, float[] x, float[] y) : Latency.IProbe { public void Run() => net.Predict(x, y); }
    private readonly struct LstmKernel(BenchLstmStep net, float[] x) : Latency.IProbe { public void Run() => net.ProbeRecurrence(x); }
    private readonly struct LstmSample(BenchLstmStep net, float[] x, float[] y) : Latency.IProbe { public void Run() => net.ProbeSample(x, y); }
    private readonly struct LstmPredict(BenchLstmStep net, float[] x, float[] y) : Latency.IProbe { public void Run() => net.Predict(x, y); }
}

/// <summary>The generated MNIST members <see cref="Bounds"/> times directly.</summary>
public partial class MnistMlp
{
    internal void ProbeSample(float[] x, float[] y) => PredictSample(x, y);

    internal void ProbeFirstLayer(float[] x, float[] h) => __DenseForward(x, Weights.Slice(0, 784 * 64), Weights.Slice(784 * 64, 64), h, 1, default);
}

/// <summary>The generated LSTM step members <see cref="Bounds"/> times directly.</summary>
public partial class BenchLstmStep
{
    private readonly float[] _probeGates = new float[256], _probeCells = new float[64], _probeHidden = new float[64], _probeOutput = new float[64];
    private readonly float[] _probeStateH = new float[64], _probeStateC = new float[64];

    internal void ProbeSample(float[] x, float[] y) => PredictSample(x, y);

    // One step of the recurrence kernel alone (the state carried in the probe's own buffers).
    internal void ProbeRecurrence(float[] x) => __LstmRecurrence(x, Weights.Slice(0, 8192), Weights.Slice(24576, 256), Weights.Slice(8192, 16384),
        _probeGates, _probeCells, _probeHidden, _probeOutput, _probeStateH, _probeStateC, 1);
}
