using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Unroll.Benchmarks;

/// <summary>
/// The machine's float FMA peak with the vector API the generated kernels use
/// (<see cref="Vector256.FusedMultiplyAdd(Vector256{float}, Vector256{float}, Vector256{float})"/>),
/// plus a Vector512 variant for information. Each loop iteration issues 12 FMAs into 12 independent
/// accumulator chains (more than FMA latency × FMA pipes, so the chains never stall each other),
/// with no loads or stores. All-core runs one such loop per thread on every logical CPU at once.
/// Prints <c>PEAK&lt;TAB&gt;name&lt;TAB&gt;threads&lt;TAB&gt;GFLOP/s</c> lines (best of several runs).
/// </summary>
public static class Peak
{
    private const int Chains = 12;
    private const int FlopsPerFma256 = 2 * 8, FlopsPerFma512 = 2 * 16;

    public static (double V256One, double V256All) Run(bool quick)
    {
        long iterations = quick ? 20_000_000 : 100_000_000;   // ≈ 0.15-0.5 s per run at peak
        int runs = quick ? 3 : 7, cores = Environment.ProcessorCount;
        Console.WriteLine($"# FMA peak: {Chains} chains, {iterations:N0} iterations per run, best of {runs}; " +
            $"Vector256 accelerated={Vector256.IsHardwareAccelerated}, Fma={System.Runtime.Intrinsics.X86.Fma.IsSupported}, " +
            $"Vector512 accelerated={Vector512.IsHardwareAccelerated}, {cores} logical CPUs");
        // The peak to compare the kernels with is that of the width their widest body runs at.
        Console.WriteLine($"# kernels use {KernelsWidth()}");

        // Warm-up: the loops are AggressiveOptimization (full JIT at once), this just wakes the cores.
        Loop256(iterations / 10);
        Loop512(iterations / 10);

        double v256One = Best(runs, 1, iterations, FlopsPerFma256, Loop256);
        double v256All = Best(runs, cores, iterations, FlopsPerFma256, Loop256);
        double v512One = Vector512.IsHardwareAccelerated ? Best(runs, 1, iterations, FlopsPerFma512, Loop512) : 0;
        double v512All = Vector512.IsHardwareAccelerated ? Best(runs, cores, iterations, FlopsPerFma512, Loop512) : 0;
        Print("vector256_fma", 1, v256One);
        Print("vector256_fma", cores, v256All);
        Print("vector512_fma", 1, v512One);
        Print("vector512_fma", cores, v512All);
        return (v256One, v256All);
    }

    /// <summary>The widest body the generated kernels run on this CPU at <see cref="KernelWidth.Widest"/>.</summary>
    public static string KernelsWidth()
        => Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : Vector128.IsHardwareAccelerated ? "Vector128" : "scalar";

    private static void Print(string name, int threads, double gflops) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PEAK\t{name}\t{threads}\t{gflops:0.0}"));

    // Best GFLOP/s over `runs` runs; each run starts `threads` threads together and times until all finish.
    private static double Best(int runs, int threads, long iterations, int flopsPerFma, Func<long, float> loop)
    {
        double best = 0;
        for (int r = 0; r < runs; r++)
        {
            using var start = new Barrier(threads + 1);
            var sink = new float[threads];
            var workers = new Thread[threads];
            for (int t = 0; t < threads; t++)
            {
                int id = t;
                workers[t] = new Thread(() => { start.SignalAndWait(); sink[id] = loop(iterations); }) { IsBackground = true };
                workers[t].Start();
            }
            start.SignalAndWait();
            long t0 = Stopwatch.GetTimestamp();
            foreach (Thread w in workers) w.Join();
            double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            if (float.IsNaN(sink.Sum())) Console.WriteLine("# (NaN)");  // keep the result alive
            best = Math.Max(best, (double)threads * iterations * Chains * flopsPerFma / seconds / 1e9);
        }
        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop256(long iterations)
    {
        // acc = acc * m + c converges to c / (1 - m): no overflow, no denormals.
        Vector256<float> m = Vector256.Create(0.999999f), c = Vector256.Create(1e-6f);
        Vector256<float> a0 = Vector256.Create(0.1f), a1 = Vector256.Create(0.2f), a2 = Vector256.Create(0.3f),
            a3 = Vector256.Create(0.4f), a4 = Vector256.Create(0.5f), a5 = Vector256.Create(0.6f),
            a6 = Vector256.Create(0.7f), a7 = Vector256.Create(0.8f), a8 = Vector256.Create(0.9f),
            a9 = Vector256.Create(1.0f), a10 = Vector256.Create(1.1f), a11 = Vector256.Create(1.2f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c);
            a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c);
            a3 = Vector256.FusedMultiplyAdd(a3, m, c);
            a4 = Vector256.FusedMultiplyAdd(a4, m, c);
            a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c);
            a7 = Vector256.FusedMultiplyAdd(a7, m, c);
            a8 = Vector256.FusedMultiplyAdd(a8, m, c);
            a9 = Vector256.FusedMultiplyAdd(a9, m, c);
            a10 = Vector256.FusedMultiplyAdd(a10, m, c);
            a11 = Vector256.FusedMultiplyAdd(a11, m, c);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop512(long iterations)
    {
        Vector512<float> m = Vector512.Create(0.999999f), c = Vector512.Create(1e-6f);
        Vector512<float> a0 = Vector512.Create(0.1f), a1 = Vector512.Create(0.2f), a2 = Vector512.Create(0.3f),
            a3 = Vector512.Create(0.4f), a4 = Vector512.Create(0.5f), a5 = Vector512.Create(0.6f),
            a6 = Vector512.Create(0.7f), a7 = Vector512.Create(0.8f), a8 = Vector512.Create(0.9f),
            a9 = Vector512.Create(1.0f), a10 = Vector512.Create(1.1f), a11 = Vector512.Create(1.2f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c);
            a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c);
            a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c);
            a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c);
            a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c);
            a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c);
            a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
