using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Unroll.Benchmarks;

/// <summary>
/// <c>--latency</c>: where the Pima single-sample call spends its time, one piece at a time (the
/// empty loop, a virtual call, the one-thread guard, the thread-static width, each generated kernel
/// called directly, PredictSample, the whole Predict), and beside them the least the forward pass can
/// be in C# (both layers hand-written in one method, the hidden layer kept in registers, with and
/// without the sigmoid), and between them PredictSample with its hidden layer kept in registers.
/// Stopwatch medians over blocks, as <c>--widths</c>.
/// </summary>
internal static class Latency
{
    public static void Run()
    {
        var net = new PimaNet(seed: 7);
        var random = new Random(3);
        float[] x = new float[8], h = new float[12], y = new float[1];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextSingle() * 2 - 1;
        Console.WriteLine("piece\tmedian ns\tmin ns");
        Measure("loop (nothing)", new Nothing());
        Measure("empty virtual call", new VirtualCall(new Callee()));
        Measure("CurrentManagedThreadId", new ThreadId());
        Measure("guard: CAS + Volatile.Write", new Guard(new GuardOwner()));
        Measure("KernelSettings.MaxWidth", new MaxWidth());
        Measure("Weights span", new WeightsSpan(net));
        Measure("dense 8->12 relu kernel", new Dense0(net, x, h));
        Measure("dense 12->1 sigmoid kernel", new Dense1(net, h, y));
        Measure("sigmoid of 1 value", new Sigmoid(y));
        Measure("PredictSample", new Sample(net, x, y));
        CheckHandFused(net, x);
        Measure("hand-fused forward (registers, no calls)", new HandFused(net.Weights.ToArray(), x, y, sigmoid: true));
        Measure("hand-fused forward, no sigmoid", new HandFused(net.Weights.ToArray(), x, y, sigmoid: false));
        Measure("guard + PredictSample", new GuardedSample(new GuardOwner(), net, x, y));
        Measure("Predict", new Predict(net, x, y));
        // The last three again, block by block in turn, so that a busy machine slows them alike.
        Console.WriteLine("interleaved:");
        MeasureInTurn(("loop (nothing)", new Nothing()), ("guard: CAS + Volatile.Write", new Guard(new GuardOwner())), ("guard: biased (Model.EnterUse's fast path)", new BiasedGuard(new GuardOwner())));
        MeasureInTurn(("PredictSample", new Sample(net, x, y)), ("guard (CAS) + PredictSample", new GuardedSample(new GuardOwner(), net, x, y)), ("Predict", new Predict(net, x, y)));
        MeasureInTurn(("PredictSample", new Sample(net, x, y)), ("hand-fused forward", new HandFused(net.Weights.ToArray(), x, y, sigmoid: true)), ("hand-fused forward, no sigmoid", new HandFused(net.Weights.ToArray(), x, y, sigmoid: false)));
        MeasureInTurn(("hand-fused, GateMath sigmoid", new HandFused(net.Weights.ToArray(), x, y, sigmoid: true, gate: true)), ("hand-fused forward", new HandFused(net.Weights.ToArray(), x, y, sigmoid: true)), ("hand-fused forward, no sigmoid", new HandFused(net.Weights.ToArray(), x, y, sigmoid: false)));
        MeasureInTurn(("PredictSample", new Sample(net, x, y)), ("hidden layer in registers", new HiddenInRegisters(net, x, y)), ("hand-fused forward", new HandFused(net.Weights.ToArray(), x, y, sigmoid: true)));
    }

    // The hand-written forward pass must compute what Predict does, or its time bounds nothing.
    private static void CheckHandFused(PimaNet net, float[] x)
    {
        float[] expected = new float[1], found = new float[1];
        net.Predict(x, expected);
        new HandFused(net.Weights.ToArray(), x, found, sigmoid: true).Run();
        if (MathF.Abs(expected[0] - found[0]) > 1e-6f)
            throw new InvalidOperationException($"hand-fused Pima forward: expected {expected[0]}, found {found[0]}");
        net.ProbeHiddenInRegisters(x, found);
        if (MathF.Abs(expected[0] - found[0]) > 1e-6f)
            throw new InvalidOperationException($"Pima forward with the hidden layer in registers: expected {expected[0]}, found {found[0]}");
    }

    private static void MeasureInTurn<TA, TB, TC>((string Name, TA Probe) a, (string Name, TB Probe) b, (string Name, TC Probe) c)
        where TA : struct, IProbe where TB : struct, IProbe where TC : struct, IProbe
    {
        const int perBlock = 20_000;
        var times = new double[3][];
        for (int i = 0; i < 3; i++) times[i] = new double[301];
        for (int block = -20; block < 301; block++) // the first 20 rounds warm up
        {
            for (int which = 0; which < 3; which++)
            {
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                if (which == 0) Loop(ref a.Probe, perBlock);
                else if (which == 1) Loop(ref b.Probe, perBlock);
                else Loop(ref c.Probe, perBlock);
                if (block >= 0) times[which][block] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalNanoseconds / perBlock;
            }
        }
        string[] names = [a.Name, b.Name, c.Name];
        for (int which = 0; which < 3; which++)
        {
            Array.Sort(times[which]);
            Console.WriteLine($"{names[which]}\t{times[which][150]:F2}\t{times[which][0]:F2}");
        }
    }

    internal static void Measure<T>(string name, T probe) where T : struct, IProbe
    {
        var clock = Stopwatch.StartNew();
        long calls = 0;
        while (clock.ElapsedMilliseconds < 500) { Loop(ref probe, 1000); calls += 1000; }
        int perBlock = (int)Math.Max(1000, calls / 250);
        var blocks = new double[201];
        for (int b = 0; b < blocks.Length; b++)
        {
            long start = Stopwatch.GetTimestamp();
            Loop(ref probe, perBlock);
            blocks[b] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / perBlock;
        }
        Array.Sort(blocks);
        Console.WriteLine($"{name}\t{blocks[blocks.Length / 2]:F2}\t{blocks[0]:F2}");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Loop<T>(ref T probe, int count) where T : struct, IProbe
    {
        for (int i = 0; i < count; i++) probe.Run();
    }

    internal interface IProbe { void Run(); }

    private struct Nothing : IProbe { public void Run() { } }

    private abstract class CalleeBase { public abstract void Call(); }
    private sealed class Callee : CalleeBase
    {
        [MethodImpl(MethodImplOptions.NoInlining)] public override void Call() { }
    }
    private readonly struct VirtualCall(CalleeBase callee) : IProbe { public void Run() => callee.Call(); }

    private struct ThreadId : IProbe
    {
        public int Sink;
        public void Run() => Sink += Environment.CurrentManagedThreadId;
    }

    private sealed class GuardOwner { public int User, Owner, Inside; }
    // Model.EnterUse's pattern: claim with the thread id, release with a volatile store.
    private readonly struct Guard(GuardOwner owner) : IProbe
    {
        public void Run()
        {
            int me = Environment.CurrentManagedThreadId;
            if (Interlocked.CompareExchange(ref owner.User, me, 0) != 0) throw new InvalidOperationException();
            Volatile.Write(ref owner.User, 0);
        }
    }

    // Model.EnterUse's path for the thread the instance is biased to: a thread-static id, two plain
    // stores and two reads, no interlocked operation.
    [ThreadStatic] private static int t_id;
    private readonly struct BiasedGuard(GuardOwner owner) : IProbe
    {
        public void Run()
        {
            int me = t_id;
            if (me == 0) me = t_id = Environment.CurrentManagedThreadId;
            if (Volatile.Read(ref owner.Owner) != me) { owner.Owner = me; return; } // first call: bias
            if (owner.Inside != 0) throw new InvalidOperationException();
            Volatile.Write(ref owner.Inside, 1);
            if (Volatile.Read(ref owner.User) != 0) throw new InvalidOperationException();
            Volatile.Write(ref owner.Inside, 0);
        }
    }

    private struct MaxWidth : IProbe
    {
        public int Sink;
        public void Run() => Sink += Unroll.Kernels.KernelSettings.MaxWidth;
    }

    private struct WeightsSpan(Model net) : IProbe
    {
        public int Sink;
        public void Run() => Sink += net.Weights.Length;
    }

    private readonly struct Dense0(PimaNet net, float[] x, float[] h) : IProbe { public void Run() => net.ProbeDense(x, h); }
    private readonly struct Dense1(PimaNet net, float[] h, float[] y) : IProbe { public void Run() => net.ProbeDense1(h, y); }
    private readonly struct Sigmoid(float[] y) : IProbe
    {
        public void Run() => Unroll.Kernels.ActivationKernels.Forward(Activation.Sigmoid, y, 1);
    }
    private readonly struct Sample(PimaNet net, float[] x, float[] y) : IProbe { public void Run() => net.ProbeSample(x, y); }
    private readonly struct GuardedSample(GuardOwner owner, PimaNet net, float[] x, float[] y) : IProbe
    {
        public void Run()
        {
            int me = Environment.CurrentManagedThreadId;
            if (Interlocked.CompareExchange(ref owner.User, me, 0) != 0) throw new InvalidOperationException();
            net.ProbeSample(x, y);
            Volatile.Write(ref owner.User, 0);
        }
    }

    private readonly struct HiddenInRegisters(PimaNet net, float[] x, float[] y) : IProbe { public void Run() => net.ProbeHiddenInRegisters(x, y); }
    private readonly struct Predict(PimaNet net, float[] x, float[] y) : IProbe { public void Run() => net.Predict(x, y); }

    // The least the Pima forward pass can be in C#: both layers in one method, the hidden layer in a
    // Vector256 and a Vector128 register (never stored), two accumulators per register.
    private readonly struct HandFused(float[] w, float[] x, float[] y, bool sigmoid, bool gate = false) : IProbe
    {
        public void Run()
        {
            ref float wr = ref MemoryMarshal.GetArrayDataReference(w);
            ref float xr = ref MemoryMarshal.GetArrayDataReference(x);
            Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero;
            Vector128<float> b0 = Vector128<float>.Zero, b1 = Vector128<float>.Zero;
            for (int k = 0; k < 8; k += 2)
            {
                var x0 = Vector256.Create(Unsafe.Add(ref xr, k));
                var x1 = Vector256.Create(Unsafe.Add(ref xr, k + 1));
                a0 = Vector256.FusedMultiplyAdd(x0, Vector256.LoadUnsafe(ref wr, (nuint)(k * 12)), a0);
                a1 = Vector256.FusedMultiplyAdd(x1, Vector256.LoadUnsafe(ref wr, (nuint)(k * 12 + 12)), a1);
                b0 = Vector128.FusedMultiplyAdd(x0.GetLower(), Vector128.LoadUnsafe(ref wr, (nuint)(k * 12 + 8)), b0);
                b1 = Vector128.FusedMultiplyAdd(x1.GetLower(), Vector128.LoadUnsafe(ref wr, (nuint)(k * 12 + 20)), b1);
            }
            var h0 = Vector256.Max(a0 + a1 + Vector256.LoadUnsafe(ref wr, 96), Vector256<float>.Zero);
            var h1 = Vector128.Max(b0 + b1 + Vector128.LoadUnsafe(ref wr, 104), Vector128<float>.Zero);
            float z = Vector256.Sum(h0 * Vector256.LoadUnsafe(ref wr, 108)) + Vector128.Sum(h1 * Vector128.LoadUnsafe(ref wr, 116)) + Unsafe.Add(ref wr, 120);
            y[0] = sigmoid ? (gate ? Unroll.Kernels.GateMath.Sigmoid(Vector128.CreateScalarUnsafe(z)).ToScalar() : 1f / (1f + MathF.Exp(-z))) : z;
        }
    }
}

/// <summary>The generated Pima members <see cref="Latency"/> times one by one.</summary>
public partial class PimaNet
{
    internal void ProbeSample(float[] x, float[] y) => PredictSample(x, y);

    // What PredictSample pays around the arithmetic (a call, the weights' span and its checks, the
    // output span) with the hand-fused arithmetic inside, whose hidden layer stays in registers for
    // the output's dot product instead of going through its workspace row.
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void ProbeHiddenInRegisters(ReadOnlySpan<float> input, Span<float> output)
    {
        ReadOnlySpan<float> p = Weights;
        if (p.Length < 121 || input.Length < 8 || output.Length < 1) throw new ArgumentException();
        ref float w = ref MemoryMarshal.GetReference(p);
        ref float x = ref MemoryMarshal.GetReference(input);
        Vector256<float> c0 = Vector256.LoadUnsafe(ref w, 96), e0 = Vector256<float>.Zero;
        Vector128<float> c1 = Vector128.LoadUnsafe(ref w, 104), e1 = Vector128<float>.Zero;
        for (int k = 0; k < 8; k += 2)
        {
            Vector256<float> x0 = Vector256.Create(Unsafe.Add(ref x, k)), x1 = Vector256.Create(Unsafe.Add(ref x, k + 1));
            c0 = Vector256.FusedMultiplyAdd(x0, Vector256.LoadUnsafe(ref w, (nuint)(k * 12)), c0);
            e0 = Vector256.FusedMultiplyAdd(x1, Vector256.LoadUnsafe(ref w, (nuint)(k * 12 + 12)), e0);
            c1 = Vector128.FusedMultiplyAdd(x0.GetLower(), Vector128.LoadUnsafe(ref w, (nuint)(k * 12 + 8)), c1);
            e1 = Vector128.FusedMultiplyAdd(x1.GetLower(), Vector128.LoadUnsafe(ref w, (nuint)(k * 12 + 20)), e1);
        }
        Vector256<float> h0 = Vector256.Max(c0 + e0, Vector256<float>.Zero);
        Vector128<float> h1 = Vector128.Max(c1 + e1, Vector128<float>.Zero);
        float sum = Vector256.Sum(h0 * Vector256.LoadUnsafe(ref w, 108)) + Unsafe.Add(ref w, 120);
        sum += Vector128.Sum(h1 * Vector128.LoadUnsafe(ref w, 116));
        MemoryMarshal.GetReference(output) = 1f / (1f + MathF.Exp(-sum));
    }

    internal void ProbeDense(float[] x, float[] h) => __DenseForward(x, Weights.Slice(0, 96), Weights.Slice(96, 12), h, 1);

    internal void ProbeDense1(float[] h, float[] y) => __Dense1Forward(h, Weights.Slice(108, 12), Weights.Slice(120, 1), y, 1);
}
