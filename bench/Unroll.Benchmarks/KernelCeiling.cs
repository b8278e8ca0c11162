using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Unroll.Benchmarks;

/// <summary>
/// Where dense1024's forward product (64 × 1024 by 1024 × 1024, Vector512) loses against the FMA
/// peak: the generated loops written out by hand over panels packed once (as a Predictor reads them:
/// per reduction block of 128 steps, each 64-column panel, then 6-row blocks and one 4-row block
/// reading A in place, the first four 6-row blocks prefetching the next panel), beside the same
/// loops without the prefetch, the same 6 × 4 micro-kernel called as often over one L1-resident
/// panel block and a contiguous 6-row block of A (the kernel's ceiling), a register-only FMA loop
/// of the same FLOPs, and loop variants that did not help.
/// One thread; the variants alternate in rounds in one process (each round a block of 20 calls of
/// each, in a rotating order). Prints each variant's median time, GFLOP/s, and its time over the
/// generated loops' in the same round (median [min, max] over the rounds). The variants that compute
/// the product are checked to give the generated loops' bits (all sum each output in reduction order).
/// </summary>
public static class KernelCeiling
{
    private const int M = 64, K = 1024, N = 1024, Panel = 64, Block = 128;
    private const double Flops = 2.0 * M * K * N;

    public static void Run(int rounds)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            Console.WriteLine("# --kernel-ceiling needs Vector512");
            return;
        }
        var random = new Random(1);
        float[] x = Enumerable.Range(0, M * K).Select(_ => (float)random.NextDouble()).ToArray();
        float[] w = Enumerable.Range(0, K * N).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        float[] b = Enumerable.Range(0, N).Select(_ => (float)random.NextDouble()).ToArray();
        float[] y = new float[M * N], reference = new float[M * N];
        // As the Predictor packs: [kb][column group][k][64].
        float[] packed = new float[K * N];
        for (int kb = 0; kb < K; kb += Block)
            for (int g = 0; g < N; g += Panel)
                for (int k = 0; k < Block; k++)
                    Array.Copy(w, (kb + k) * N + g, packed, kb * N + Block * g + k * Panel, Panel);
        // Whole-K panels: [column group][k][64].
        float[] panelMajor = new float[K * N];
        for (int g = 0; g < N; g += Panel)
            for (int k = 0; k < K; k++)
                Array.Copy(w, k * N + g, panelMajor, g * K + k * Panel, Panel);
        float[] aPack = new float[M * K];
        (string Name, Action Run)[] variants =
        [
            ("FMA loop, same FLOPs (peak)", () => PeakLoop((long)(Flops / (12 * 32)))),
            ("generated loops (one A pointer, next panel prefetched)", () => Generated(x, packed, b, y)),
            ("without the panel prefetch (before fb0515f)", () => NoPrefetch(x, packed, b, y)),
            ("and one pointer per row of A (before 6b0b97d)", () => PointerPerRow(x, packed, b, y)),
            ("kernel on L1 data (ceiling)", () => OneCeiling(x, packed, b, y)),
            ("A rows copied per block (no 4 KB aliasing)", () => OneRows(x, packed, b, y, aPack)),
            ("A packed [k][6] per block", () => OnePacked(x, packed, b, y, aPack)),
            ("whole K per column panel (no partial sums)", () => WholeK(x, panelMajor, b, y, aPack)),
            ("whole K, panel prefetched 8 steps ahead", () => WholeKPrefetch(x, panelMajor, b, y, aPack)),
        ];
        Generated(x, packed, b, reference);
        foreach (int v in new[] { 2, 3, 5, 6, 7, 8 })
        {
            Array.Clear(y);
            variants[v].Run();
            if (!y.AsSpan().SequenceEqual(reference)) Console.WriteLine($"# {variants[v].Name}: bits differ from the generated loops'");
        }
        foreach (var variant in variants)
            for (int i = 0; i < 100; i++) variant.Run();
        int calls = 20;
        var times = new double[variants.Length, rounds];
        for (int r = 0; r < rounds; r++)
            for (int k = 0; k < variants.Length; k++)
            {
                int v = (k + r) % variants.Length;
                Thread.Sleep(10);
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                for (int i = 0; i < calls; i++) variants[v].Run();
                times[v, r] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls;
            }
        Console.WriteLine($"# dense1024 forward, batch {M}, one thread; {rounds} alternating rounds; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("variant\tmedian us\tGFLOP/s\ttime / generated (median [min, max])");
        for (int v = 0; v < variants.Length; v++)
        {
            double[] sorted = Enumerable.Range(0, rounds).Select(r => times[v, r]).Order().ToArray();
            double[] ratios = Enumerable.Range(0, rounds).Select(r => times[v, r] / times[1, r]).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{variants[v].Name}\t{sorted[rounds / 2]:F0}\t{Flops / sorted[rounds / 2] / 1e3:F1}\t{ratios[rounds / 2]:F3} [{ratios[0]:F3}, {ratios[^1]:F3}]"));
        }
    }

    // Also with one pointer per row of A, each stepped.
    private static void PointerPerRow(float[] x, float[] packed, float[] b, float[] y)
    {
        for (int kb = 0; kb < K; kb += Block)
            for (int g = 0; g < N; g += Panel)
            {
                ref float panel = ref packed[kb * N + Block * g];
                int i = 0;
                for (; i < 60; i += 6)
                    Kernel6(ref x[i * K + kb], K, 1, ref panel, Block, ref y[i * N + g], ref b[g], kb == 0);
                Kernel4(ref x[i * K + kb], K, 1, ref panel, Block, ref y[i * N + g], ref b[g], kb == 0);
            }
    }


    // Generated without the prefetch.
    private static void NoPrefetch(float[] x, float[] packed, float[] b, float[] y)
    {
        for (int kb = 0; kb < K; kb += Block)
            for (int g = 0; g < N; g += Panel)
            {
                ref float panel = ref packed[kb * N + Block * g];
                int i = 0;
                for (; i < 60; i += 6)
                    Kernel6OneInPlace(ref x[i * K + kb], ref panel, Block, ref y[i * N + g], ref b[g], kb == 0);
                Kernel4(ref x[i * K + kb], K, 1, ref panel, Block, ref y[i * N + g], ref b[g], kb == 0);
            }
    }

    // As generated: per reduction block, each panel packed once, 6-row blocks and one 4-row block over A in place; the
    // next panel (contiguous after this one) prefetched into L2, a line a step, during the first 4 row blocks.
    private static void Generated(float[] x, float[] packed, float[] b, float[] y)
    {
        for (int kb = 0; kb < K; kb += Block)
            for (int g = 0; g < N; g += Panel)
            {
                int at = kb * N + Block * g;
                ref float panel = ref packed[at];
                ref float next = ref packed[Math.Min(at + Block * Panel, packed.Length - Block * Panel)];
                int i = 0;
                for (; i < 60; i += 6)
                {
                    ref float prefetch = ref i < 24 ? ref Unsafe.Add(ref next, i / 6 * Block * 16) : ref panel;
                    Kernel6OneInPlacePrefetch(ref x[i * K + kb], ref panel, Block, ref y[i * N + g], ref b[g], kb == 0, ref prefetch);
                }
                Kernel4(ref x[i * K + kb], K, 1, ref panel, Block, ref y[i * N + g], ref b[g], kb == 0);
            }
    }

    // The same calls over one panel block and one contiguous 6 × 128 block of A ([k][6]), outputs to one row block.
    private static void OneCeiling(float[] x, float[] packed, float[] b, float[] y)
    {
        for (int kb = 0; kb < K; kb += Block)
            for (int g = 0; g < N; g += Panel)
            {
                ref float panel = ref packed[0];
                for (int i = 0; i < 60; i += 6)
                    Kernel6OnePacked(ref x[0], ref panel, Block, ref y[0], ref b[0], false);
                Kernel4(ref x[0], 1, 4, ref panel, Block, ref y[0], ref b[0], false);
            }
    }

    // A's rows of each row block copied to [k][6] (the last 4 rows to [k][4]) once per reduction block.
    private static void OnePacked(float[] x, float[] packed, float[] b, float[] y, float[] aPack)
    {
        for (int kb = 0; kb < K; kb += Block)
        {
            PackA(x, aPack, kb, Block);
            for (int g = 0; g < N; g += Panel)
            {
                ref float panel = ref packed[kb * N + Block * g];
                int i = 0;
                for (; i < 60; i += 6)
                    Kernel6OnePacked(ref aPack[i * Block], ref panel, Block, ref y[i * N + g], ref b[g], kb == 0);
                Kernel4(ref aPack[i * Block], 1, 4, ref panel, Block, ref y[i * N + g], ref b[g], kb == 0);
            }
        }
    }

    // A's rows copied 128 floats apart once per reduction block: contiguous, no 4 KB set aliasing.
    private static void OneRows(float[] x, float[] packed, float[] b, float[] y, float[] aPack)
    {
        for (int kb = 0; kb < K; kb += Block)
        {
            for (int i = 0; i < M; i++)
                x.AsSpan(i * K + kb, Block).CopyTo(aPack.AsSpan(i * Block, Block));
            for (int g = 0; g < N; g += Panel)
            {
                ref float panel = ref packed[kb * N + Block * g];
                int i = 0;
                for (; i < 60; i += 6)
                    Kernel6OneRows(ref aPack[i * Block], ref panel, Block, ref y[i * N + g], ref b[g], kb == 0);
                Kernel4(ref aPack[i * Block], Block, 1, ref panel, Block, ref y[i * N + g], ref b[g], kb == 0);
            }
        }
    }


    // A's rows [i, i + 6) × [kb, kb + kc) to [k][6] (the last 4 rows to [k][4]), element by element.
    private static void PackA(float[] x, float[] aPack, int kb, int kc)
    {
        int i = 0;
        for (; i < 64; i += 6)
        {
            int rows = i < 60 ? 6 : 4;
            for (int k = 0; k < kc; k++)
                for (int r = 0; r < rows; r++)
                    aPack[i * kc + k * rows + r] = x[(i + r) * K + kb + k];
        }
    }

    // Per 64-column panel of the whole reduction (256 KB, L2), every row block over all K: no partial sums stored.
    private static void WholeK(float[] x, float[] panelMajor, float[] b, float[] y, float[] aPack)
    {
        PackA(x, aPack, 0, K);
        for (int g = 0; g < N; g += Panel)
        {
            ref float panel = ref panelMajor[g * K];
            int i = 0;
            for (; i < 60; i += 6)
                Kernel6(ref aPack[i * K], 1, 6, ref panel, K, ref y[i * N + g], ref b[g], true);
            Kernel4(ref aPack[i * K], 1, 4, ref panel, K, ref y[i * N + g], ref b[g], true);
        }
    }

    // WholeK with the 6-row kernel prefetching the panel 8 steps (2 KB) ahead.
    private static void WholeKPrefetch(float[] x, float[] panelMajor, float[] b, float[] y, float[] aPack)
    {
        PackA(x, aPack, 0, K);
        for (int g = 0; g < N; g += Panel)
        {
            ref float panel = ref panelMajor[g * K];
            int i = 0;
            for (; i < 60; i += 6)
                Kernel6Prefetch(ref aPack[i * K], ref panel, K, ref y[i * N + g], ref b[g]);
            Kernel4(ref aPack[i * K], 1, 4, ref panel, K, ref y[i * N + g], ref b[g], true);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float PeakLoop(long iterations)
    {
        Vector512<float> m = Vector512.Create(0.999f), a = Vector512.Create(1e-3f);
        Vector512<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, m, a); c1 = Vector512.FusedMultiplyAdd(c1, m, a); c2 = Vector512.FusedMultiplyAdd(c2, m, a);
            c3 = Vector512.FusedMultiplyAdd(c3, m, a); c4 = Vector512.FusedMultiplyAdd(c4, m, a); c5 = Vector512.FusedMultiplyAdd(c5, m, a);
            c6 = Vector512.FusedMultiplyAdd(c6, m, a); c7 = Vector512.FusedMultiplyAdd(c7, m, a); c8 = Vector512.FusedMultiplyAdd(c8, m, a);
            c9 = Vector512.FusedMultiplyAdd(c9, m, a); c10 = Vector512.FusedMultiplyAdd(c10, m, a); c11 = Vector512.FusedMultiplyAdd(c11, m, a);
        }
        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Start(bool first, ref float bias, ref float partial, nuint offset)
        => first ? Vector512.LoadUnsafe(ref bias, offset) : Vector512.LoadUnsafe(ref partial, offset);

    // 6 rows × 4 Vector512 over kc steps; row r of A at a + r·rowStride, stepping kStride.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6(ref float a, int rowStride, int kStride, ref float panel, int kc, ref float o, ref float bias, bool first)
    {
        ref float l0 = ref a, l1 = ref Unsafe.Add(ref a, rowStride), l2 = ref Unsafe.Add(ref a, 2 * rowStride);
        ref float l3 = ref Unsafe.Add(ref a, 3 * rowStride), l4 = ref Unsafe.Add(ref a, 4 * rowStride), l5 = ref Unsafe.Add(ref a, 5 * rowStride);
        ref float o0 = ref o, o1 = ref Unsafe.Add(ref o, N), o2 = ref Unsafe.Add(ref o, 2 * N), o3 = ref Unsafe.Add(ref o, 3 * N), o4 = ref Unsafe.Add(ref o, 4 * N), o5 = ref Unsafe.Add(ref o, 5 * N);
        Vector512<float> c00 = Start(first, ref bias, ref o0, 0), c01 = Start(first, ref bias, ref o0, 16), c02 = Start(first, ref bias, ref o0, 32), c03 = Start(first, ref bias, ref o0, 48);
        Vector512<float> c10 = Start(first, ref bias, ref o1, 0), c11 = Start(first, ref bias, ref o1, 16), c12 = Start(first, ref bias, ref o1, 32), c13 = Start(first, ref bias, ref o1, 48);
        Vector512<float> c20 = Start(first, ref bias, ref o2, 0), c21 = Start(first, ref bias, ref o2, 16), c22 = Start(first, ref bias, ref o2, 32), c23 = Start(first, ref bias, ref o2, 48);
        Vector512<float> c30 = Start(first, ref bias, ref o3, 0), c31 = Start(first, ref bias, ref o3, 16), c32 = Start(first, ref bias, ref o3, 32), c33 = Start(first, ref bias, ref o3, 48);
        Vector512<float> c40 = Start(first, ref bias, ref o4, 0), c41 = Start(first, ref bias, ref o4, 16), c42 = Start(first, ref bias, ref o4, 32), c43 = Start(first, ref bias, ref o4, 48);
        Vector512<float> c50 = Start(first, ref bias, ref o5, 0), c51 = Start(first, ref bias, ref o5, 16), c52 = Start(first, ref bias, ref o5, 32), c53 = Start(first, ref bias, ref o5, 48);
        ref float r = ref panel;
        for (int k = 0; k < kc; k++)
        {
            Vector512<float> r0 = Vector512.LoadUnsafe(ref r), r1 = Vector512.LoadUnsafe(ref r, 16), r2 = Vector512.LoadUnsafe(ref r, 32), r3 = Vector512.LoadUnsafe(ref r, 48);
            Vector512<float> a0 = Vector512.Create(l0);
            c00 = Vector512.FusedMultiplyAdd(a0, r0, c00); c01 = Vector512.FusedMultiplyAdd(a0, r1, c01); c02 = Vector512.FusedMultiplyAdd(a0, r2, c02); c03 = Vector512.FusedMultiplyAdd(a0, r3, c03);
            Vector512<float> a1 = Vector512.Create(l1);
            c10 = Vector512.FusedMultiplyAdd(a1, r0, c10); c11 = Vector512.FusedMultiplyAdd(a1, r1, c11); c12 = Vector512.FusedMultiplyAdd(a1, r2, c12); c13 = Vector512.FusedMultiplyAdd(a1, r3, c13);
            Vector512<float> a2 = Vector512.Create(l2);
            c20 = Vector512.FusedMultiplyAdd(a2, r0, c20); c21 = Vector512.FusedMultiplyAdd(a2, r1, c21); c22 = Vector512.FusedMultiplyAdd(a2, r2, c22); c23 = Vector512.FusedMultiplyAdd(a2, r3, c23);
            Vector512<float> a3 = Vector512.Create(l3);
            c30 = Vector512.FusedMultiplyAdd(a3, r0, c30); c31 = Vector512.FusedMultiplyAdd(a3, r1, c31); c32 = Vector512.FusedMultiplyAdd(a3, r2, c32); c33 = Vector512.FusedMultiplyAdd(a3, r3, c33);
            Vector512<float> a4 = Vector512.Create(l4);
            c40 = Vector512.FusedMultiplyAdd(a4, r0, c40); c41 = Vector512.FusedMultiplyAdd(a4, r1, c41); c42 = Vector512.FusedMultiplyAdd(a4, r2, c42); c43 = Vector512.FusedMultiplyAdd(a4, r3, c43);
            Vector512<float> a5 = Vector512.Create(l5);
            c50 = Vector512.FusedMultiplyAdd(a5, r0, c50); c51 = Vector512.FusedMultiplyAdd(a5, r1, c51); c52 = Vector512.FusedMultiplyAdd(a5, r2, c52); c53 = Vector512.FusedMultiplyAdd(a5, r3, c53);
            l0 = ref Unsafe.Add(ref l0, kStride); l1 = ref Unsafe.Add(ref l1, kStride); l2 = ref Unsafe.Add(ref l2, kStride);
            l3 = ref Unsafe.Add(ref l3, kStride); l4 = ref Unsafe.Add(ref l4, kStride); l5 = ref Unsafe.Add(ref l5, kStride);
            r = ref Unsafe.Add(ref r, Panel);
        }
        c00.StoreUnsafe(ref o0); c01.StoreUnsafe(ref o0, 16); c02.StoreUnsafe(ref o0, 32); c03.StoreUnsafe(ref o0, 48);
        c10.StoreUnsafe(ref o1); c11.StoreUnsafe(ref o1, 16); c12.StoreUnsafe(ref o1, 32); c13.StoreUnsafe(ref o1, 48);
        c20.StoreUnsafe(ref o2); c21.StoreUnsafe(ref o2, 16); c22.StoreUnsafe(ref o2, 32); c23.StoreUnsafe(ref o2, 48);
        c30.StoreUnsafe(ref o3); c31.StoreUnsafe(ref o3, 16); c32.StoreUnsafe(ref o3, 32); c33.StoreUnsafe(ref o3, 48);
        c40.StoreUnsafe(ref o4); c41.StoreUnsafe(ref o4, 16); c42.StoreUnsafe(ref o4, 32); c43.StoreUnsafe(ref o4, 48);
        c50.StoreUnsafe(ref o5); c51.StoreUnsafe(ref o5, 16); c52.StoreUnsafe(ref o5, 32); c53.StoreUnsafe(ref o5, 48);
    }

    // Kernel6 with one A pointer, rows at constant offsets (A in place, rows K apart).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6OneInPlace(ref float a, ref float panel, int kc, ref float o, ref float bias, bool first)
    {
        ref float l = ref a;
        ref float o0 = ref o, o1 = ref Unsafe.Add(ref o, N), o2 = ref Unsafe.Add(ref o, 2 * N), o3 = ref Unsafe.Add(ref o, 3 * N), o4 = ref Unsafe.Add(ref o, 4 * N), o5 = ref Unsafe.Add(ref o, 5 * N);
        Vector512<float> c00 = Start(first, ref bias, ref o0, 0), c01 = Start(first, ref bias, ref o0, 16), c02 = Start(first, ref bias, ref o0, 32), c03 = Start(first, ref bias, ref o0, 48);
        Vector512<float> c10 = Start(first, ref bias, ref o1, 0), c11 = Start(first, ref bias, ref o1, 16), c12 = Start(first, ref bias, ref o1, 32), c13 = Start(first, ref bias, ref o1, 48);
        Vector512<float> c20 = Start(first, ref bias, ref o2, 0), c21 = Start(first, ref bias, ref o2, 16), c22 = Start(first, ref bias, ref o2, 32), c23 = Start(first, ref bias, ref o2, 48);
        Vector512<float> c30 = Start(first, ref bias, ref o3, 0), c31 = Start(first, ref bias, ref o3, 16), c32 = Start(first, ref bias, ref o3, 32), c33 = Start(first, ref bias, ref o3, 48);
        Vector512<float> c40 = Start(first, ref bias, ref o4, 0), c41 = Start(first, ref bias, ref o4, 16), c42 = Start(first, ref bias, ref o4, 32), c43 = Start(first, ref bias, ref o4, 48);
        Vector512<float> c50 = Start(first, ref bias, ref o5, 0), c51 = Start(first, ref bias, ref o5, 16), c52 = Start(first, ref bias, ref o5, 32), c53 = Start(first, ref bias, ref o5, 48);
        ref float r = ref panel;
        for (int k = 0; k < kc; k++)
        {
            Vector512<float> r0 = Vector512.LoadUnsafe(ref r), r1 = Vector512.LoadUnsafe(ref r, 16), r2 = Vector512.LoadUnsafe(ref r, 32), r3 = Vector512.LoadUnsafe(ref r, 48);
            Vector512<float> a0 = Vector512.Create(l);
            c00 = Vector512.FusedMultiplyAdd(a0, r0, c00); c01 = Vector512.FusedMultiplyAdd(a0, r1, c01); c02 = Vector512.FusedMultiplyAdd(a0, r2, c02); c03 = Vector512.FusedMultiplyAdd(a0, r3, c03);
            Vector512<float> a1 = Vector512.Create(Unsafe.Add(ref l, 1024));
            c10 = Vector512.FusedMultiplyAdd(a1, r0, c10); c11 = Vector512.FusedMultiplyAdd(a1, r1, c11); c12 = Vector512.FusedMultiplyAdd(a1, r2, c12); c13 = Vector512.FusedMultiplyAdd(a1, r3, c13);
            Vector512<float> a2 = Vector512.Create(Unsafe.Add(ref l, 2048));
            c20 = Vector512.FusedMultiplyAdd(a2, r0, c20); c21 = Vector512.FusedMultiplyAdd(a2, r1, c21); c22 = Vector512.FusedMultiplyAdd(a2, r2, c22); c23 = Vector512.FusedMultiplyAdd(a2, r3, c23);
            Vector512<float> a3 = Vector512.Create(Unsafe.Add(ref l, 3072));
            c30 = Vector512.FusedMultiplyAdd(a3, r0, c30); c31 = Vector512.FusedMultiplyAdd(a3, r1, c31); c32 = Vector512.FusedMultiplyAdd(a3, r2, c32); c33 = Vector512.FusedMultiplyAdd(a3, r3, c33);
            Vector512<float> a4 = Vector512.Create(Unsafe.Add(ref l, 4096));
            c40 = Vector512.FusedMultiplyAdd(a4, r0, c40); c41 = Vector512.FusedMultiplyAdd(a4, r1, c41); c42 = Vector512.FusedMultiplyAdd(a4, r2, c42); c43 = Vector512.FusedMultiplyAdd(a4, r3, c43);
            Vector512<float> a5 = Vector512.Create(Unsafe.Add(ref l, 5120));
            c50 = Vector512.FusedMultiplyAdd(a5, r0, c50); c51 = Vector512.FusedMultiplyAdd(a5, r1, c51); c52 = Vector512.FusedMultiplyAdd(a5, r2, c52); c53 = Vector512.FusedMultiplyAdd(a5, r3, c53);
            l = ref Unsafe.Add(ref l, 1);
            r = ref Unsafe.Add(ref r, Panel);
        }
        c00.StoreUnsafe(ref o0); c01.StoreUnsafe(ref o0, 16); c02.StoreUnsafe(ref o0, 32); c03.StoreUnsafe(ref o0, 48);
        c10.StoreUnsafe(ref o1); c11.StoreUnsafe(ref o1, 16); c12.StoreUnsafe(ref o1, 32); c13.StoreUnsafe(ref o1, 48);
        c20.StoreUnsafe(ref o2); c21.StoreUnsafe(ref o2, 16); c22.StoreUnsafe(ref o2, 32); c23.StoreUnsafe(ref o2, 48);
        c30.StoreUnsafe(ref o3); c31.StoreUnsafe(ref o3, 16); c32.StoreUnsafe(ref o3, 32); c33.StoreUnsafe(ref o3, 48);
        c40.StoreUnsafe(ref o4); c41.StoreUnsafe(ref o4, 16); c42.StoreUnsafe(ref o4, 32); c43.StoreUnsafe(ref o4, 48);
        c50.StoreUnsafe(ref o5); c51.StoreUnsafe(ref o5, 16); c52.StoreUnsafe(ref o5, 32); c53.StoreUnsafe(ref o5, 48);
    }

    // Kernel6OneInPlace prefetching one line a step from prefetch on into L2, as the generated kernel does.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6OneInPlacePrefetch(ref float a, ref float panel, int kc, ref float o, ref float bias, bool first, ref float prefetch)
    {
        ref float l = ref a;
        ref float o0 = ref o, o1 = ref Unsafe.Add(ref o, N), o2 = ref Unsafe.Add(ref o, 2 * N), o3 = ref Unsafe.Add(ref o, 3 * N), o4 = ref Unsafe.Add(ref o, 4 * N), o5 = ref Unsafe.Add(ref o, 5 * N);
        Vector512<float> c00 = Start(first, ref bias, ref o0, 0), c01 = Start(first, ref bias, ref o0, 16), c02 = Start(first, ref bias, ref o0, 32), c03 = Start(first, ref bias, ref o0, 48);
        Vector512<float> c10 = Start(first, ref bias, ref o1, 0), c11 = Start(first, ref bias, ref o1, 16), c12 = Start(first, ref bias, ref o1, 32), c13 = Start(first, ref bias, ref o1, 48);
        Vector512<float> c20 = Start(first, ref bias, ref o2, 0), c21 = Start(first, ref bias, ref o2, 16), c22 = Start(first, ref bias, ref o2, 32), c23 = Start(first, ref bias, ref o2, 48);
        Vector512<float> c30 = Start(first, ref bias, ref o3, 0), c31 = Start(first, ref bias, ref o3, 16), c32 = Start(first, ref bias, ref o3, 32), c33 = Start(first, ref bias, ref o3, 48);
        Vector512<float> c40 = Start(first, ref bias, ref o4, 0), c41 = Start(first, ref bias, ref o4, 16), c42 = Start(first, ref bias, ref o4, 32), c43 = Start(first, ref bias, ref o4, 48);
        Vector512<float> c50 = Start(first, ref bias, ref o5, 0), c51 = Start(first, ref bias, ref o5, 16), c52 = Start(first, ref bias, ref o5, 32), c53 = Start(first, ref bias, ref o5, 48);
        ref float r = ref panel;
        ref float p = ref prefetch;
        for (int k = 0; k < kc; k++)
        {
            Unroll.Kernels.Prefetch.ToL2(ref p);
            p = ref Unsafe.Add(ref p, 16);
            Vector512<float> r0 = Vector512.LoadUnsafe(ref r), r1 = Vector512.LoadUnsafe(ref r, 16), r2 = Vector512.LoadUnsafe(ref r, 32), r3 = Vector512.LoadUnsafe(ref r, 48);
            Vector512<float> a0 = Vector512.Create(l);
            c00 = Vector512.FusedMultiplyAdd(a0, r0, c00); c01 = Vector512.FusedMultiplyAdd(a0, r1, c01); c02 = Vector512.FusedMultiplyAdd(a0, r2, c02); c03 = Vector512.FusedMultiplyAdd(a0, r3, c03);
            Vector512<float> a1 = Vector512.Create(Unsafe.Add(ref l, 1024));
            c10 = Vector512.FusedMultiplyAdd(a1, r0, c10); c11 = Vector512.FusedMultiplyAdd(a1, r1, c11); c12 = Vector512.FusedMultiplyAdd(a1, r2, c12); c13 = Vector512.FusedMultiplyAdd(a1, r3, c13);
            Vector512<float> a2 = Vector512.Create(Unsafe.Add(ref l, 2048));
            c20 = Vector512.FusedMultiplyAdd(a2, r0, c20); c21 = Vector512.FusedMultiplyAdd(a2, r1, c21); c22 = Vector512.FusedMultiplyAdd(a2, r2, c22); c23 = Vector512.FusedMultiplyAdd(a2, r3, c23);
            Vector512<float> a3 = Vector512.Create(Unsafe.Add(ref l, 3072));
            c30 = Vector512.FusedMultiplyAdd(a3, r0, c30); c31 = Vector512.FusedMultiplyAdd(a3, r1, c31); c32 = Vector512.FusedMultiplyAdd(a3, r2, c32); c33 = Vector512.FusedMultiplyAdd(a3, r3, c33);
            Vector512<float> a4 = Vector512.Create(Unsafe.Add(ref l, 4096));
            c40 = Vector512.FusedMultiplyAdd(a4, r0, c40); c41 = Vector512.FusedMultiplyAdd(a4, r1, c41); c42 = Vector512.FusedMultiplyAdd(a4, r2, c42); c43 = Vector512.FusedMultiplyAdd(a4, r3, c43);
            Vector512<float> a5 = Vector512.Create(Unsafe.Add(ref l, 5120));
            c50 = Vector512.FusedMultiplyAdd(a5, r0, c50); c51 = Vector512.FusedMultiplyAdd(a5, r1, c51); c52 = Vector512.FusedMultiplyAdd(a5, r2, c52); c53 = Vector512.FusedMultiplyAdd(a5, r3, c53);
            l = ref Unsafe.Add(ref l, 1);
            r = ref Unsafe.Add(ref r, Panel);
        }
        c00.StoreUnsafe(ref o0); c01.StoreUnsafe(ref o0, 16); c02.StoreUnsafe(ref o0, 32); c03.StoreUnsafe(ref o0, 48);
        c10.StoreUnsafe(ref o1); c11.StoreUnsafe(ref o1, 16); c12.StoreUnsafe(ref o1, 32); c13.StoreUnsafe(ref o1, 48);
        c20.StoreUnsafe(ref o2); c21.StoreUnsafe(ref o2, 16); c22.StoreUnsafe(ref o2, 32); c23.StoreUnsafe(ref o2, 48);
        c30.StoreUnsafe(ref o3); c31.StoreUnsafe(ref o3, 16); c32.StoreUnsafe(ref o3, 32); c33.StoreUnsafe(ref o3, 48);
        c40.StoreUnsafe(ref o4); c41.StoreUnsafe(ref o4, 16); c42.StoreUnsafe(ref o4, 32); c43.StoreUnsafe(ref o4, 48);
        c50.StoreUnsafe(ref o5); c51.StoreUnsafe(ref o5, 16); c52.StoreUnsafe(ref o5, 32); c53.StoreUnsafe(ref o5, 48);
    }

    // Kernel6 with one A pointer over A packed [k][6].
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6OnePacked(ref float a, ref float panel, int kc, ref float o, ref float bias, bool first)
    {
        ref float l = ref a;
        ref float o0 = ref o, o1 = ref Unsafe.Add(ref o, N), o2 = ref Unsafe.Add(ref o, 2 * N), o3 = ref Unsafe.Add(ref o, 3 * N), o4 = ref Unsafe.Add(ref o, 4 * N), o5 = ref Unsafe.Add(ref o, 5 * N);
        Vector512<float> c00 = Start(first, ref bias, ref o0, 0), c01 = Start(first, ref bias, ref o0, 16), c02 = Start(first, ref bias, ref o0, 32), c03 = Start(first, ref bias, ref o0, 48);
        Vector512<float> c10 = Start(first, ref bias, ref o1, 0), c11 = Start(first, ref bias, ref o1, 16), c12 = Start(first, ref bias, ref o1, 32), c13 = Start(first, ref bias, ref o1, 48);
        Vector512<float> c20 = Start(first, ref bias, ref o2, 0), c21 = Start(first, ref bias, ref o2, 16), c22 = Start(first, ref bias, ref o2, 32), c23 = Start(first, ref bias, ref o2, 48);
        Vector512<float> c30 = Start(first, ref bias, ref o3, 0), c31 = Start(first, ref bias, ref o3, 16), c32 = Start(first, ref bias, ref o3, 32), c33 = Start(first, ref bias, ref o3, 48);
        Vector512<float> c40 = Start(first, ref bias, ref o4, 0), c41 = Start(first, ref bias, ref o4, 16), c42 = Start(first, ref bias, ref o4, 32), c43 = Start(first, ref bias, ref o4, 48);
        Vector512<float> c50 = Start(first, ref bias, ref o5, 0), c51 = Start(first, ref bias, ref o5, 16), c52 = Start(first, ref bias, ref o5, 32), c53 = Start(first, ref bias, ref o5, 48);
        ref float r = ref panel;
        for (int k = 0; k < kc; k++)
        {
            Vector512<float> r0 = Vector512.LoadUnsafe(ref r), r1 = Vector512.LoadUnsafe(ref r, 16), r2 = Vector512.LoadUnsafe(ref r, 32), r3 = Vector512.LoadUnsafe(ref r, 48);
            Vector512<float> a0 = Vector512.Create(l);
            c00 = Vector512.FusedMultiplyAdd(a0, r0, c00); c01 = Vector512.FusedMultiplyAdd(a0, r1, c01); c02 = Vector512.FusedMultiplyAdd(a0, r2, c02); c03 = Vector512.FusedMultiplyAdd(a0, r3, c03);
            Vector512<float> a1 = Vector512.Create(Unsafe.Add(ref l, 1));
            c10 = Vector512.FusedMultiplyAdd(a1, r0, c10); c11 = Vector512.FusedMultiplyAdd(a1, r1, c11); c12 = Vector512.FusedMultiplyAdd(a1, r2, c12); c13 = Vector512.FusedMultiplyAdd(a1, r3, c13);
            Vector512<float> a2 = Vector512.Create(Unsafe.Add(ref l, 2));
            c20 = Vector512.FusedMultiplyAdd(a2, r0, c20); c21 = Vector512.FusedMultiplyAdd(a2, r1, c21); c22 = Vector512.FusedMultiplyAdd(a2, r2, c22); c23 = Vector512.FusedMultiplyAdd(a2, r3, c23);
            Vector512<float> a3 = Vector512.Create(Unsafe.Add(ref l, 3));
            c30 = Vector512.FusedMultiplyAdd(a3, r0, c30); c31 = Vector512.FusedMultiplyAdd(a3, r1, c31); c32 = Vector512.FusedMultiplyAdd(a3, r2, c32); c33 = Vector512.FusedMultiplyAdd(a3, r3, c33);
            Vector512<float> a4 = Vector512.Create(Unsafe.Add(ref l, 4));
            c40 = Vector512.FusedMultiplyAdd(a4, r0, c40); c41 = Vector512.FusedMultiplyAdd(a4, r1, c41); c42 = Vector512.FusedMultiplyAdd(a4, r2, c42); c43 = Vector512.FusedMultiplyAdd(a4, r3, c43);
            Vector512<float> a5 = Vector512.Create(Unsafe.Add(ref l, 5));
            c50 = Vector512.FusedMultiplyAdd(a5, r0, c50); c51 = Vector512.FusedMultiplyAdd(a5, r1, c51); c52 = Vector512.FusedMultiplyAdd(a5, r2, c52); c53 = Vector512.FusedMultiplyAdd(a5, r3, c53);
            l = ref Unsafe.Add(ref l, 6);
            r = ref Unsafe.Add(ref r, Panel);
        }
        c00.StoreUnsafe(ref o0); c01.StoreUnsafe(ref o0, 16); c02.StoreUnsafe(ref o0, 32); c03.StoreUnsafe(ref o0, 48);
        c10.StoreUnsafe(ref o1); c11.StoreUnsafe(ref o1, 16); c12.StoreUnsafe(ref o1, 32); c13.StoreUnsafe(ref o1, 48);
        c20.StoreUnsafe(ref o2); c21.StoreUnsafe(ref o2, 16); c22.StoreUnsafe(ref o2, 32); c23.StoreUnsafe(ref o2, 48);
        c30.StoreUnsafe(ref o3); c31.StoreUnsafe(ref o3, 16); c32.StoreUnsafe(ref o3, 32); c33.StoreUnsafe(ref o3, 48);
        c40.StoreUnsafe(ref o4); c41.StoreUnsafe(ref o4, 16); c42.StoreUnsafe(ref o4, 32); c43.StoreUnsafe(ref o4, 48);
        c50.StoreUnsafe(ref o5); c51.StoreUnsafe(ref o5, 16); c52.StoreUnsafe(ref o5, 32); c53.StoreUnsafe(ref o5, 48);
    }

    // Kernel6 with one A pointer over A rows copied 128 floats apart.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6OneRows(ref float a, ref float panel, int kc, ref float o, ref float bias, bool first)
    {
        ref float l = ref a;
        ref float o0 = ref o, o1 = ref Unsafe.Add(ref o, N), o2 = ref Unsafe.Add(ref o, 2 * N), o3 = ref Unsafe.Add(ref o, 3 * N), o4 = ref Unsafe.Add(ref o, 4 * N), o5 = ref Unsafe.Add(ref o, 5 * N);
        Vector512<float> c00 = Start(first, ref bias, ref o0, 0), c01 = Start(first, ref bias, ref o0, 16), c02 = Start(first, ref bias, ref o0, 32), c03 = Start(first, ref bias, ref o0, 48);
        Vector512<float> c10 = Start(first, ref bias, ref o1, 0), c11 = Start(first, ref bias, ref o1, 16), c12 = Start(first, ref bias, ref o1, 32), c13 = Start(first, ref bias, ref o1, 48);
        Vector512<float> c20 = Start(first, ref bias, ref o2, 0), c21 = Start(first, ref bias, ref o2, 16), c22 = Start(first, ref bias, ref o2, 32), c23 = Start(first, ref bias, ref o2, 48);
        Vector512<float> c30 = Start(first, ref bias, ref o3, 0), c31 = Start(first, ref bias, ref o3, 16), c32 = Start(first, ref bias, ref o3, 32), c33 = Start(first, ref bias, ref o3, 48);
        Vector512<float> c40 = Start(first, ref bias, ref o4, 0), c41 = Start(first, ref bias, ref o4, 16), c42 = Start(first, ref bias, ref o4, 32), c43 = Start(first, ref bias, ref o4, 48);
        Vector512<float> c50 = Start(first, ref bias, ref o5, 0), c51 = Start(first, ref bias, ref o5, 16), c52 = Start(first, ref bias, ref o5, 32), c53 = Start(first, ref bias, ref o5, 48);
        ref float r = ref panel;
        for (int k = 0; k < kc; k++)
        {
            Vector512<float> r0 = Vector512.LoadUnsafe(ref r), r1 = Vector512.LoadUnsafe(ref r, 16), r2 = Vector512.LoadUnsafe(ref r, 32), r3 = Vector512.LoadUnsafe(ref r, 48);
            Vector512<float> a0 = Vector512.Create(l);
            c00 = Vector512.FusedMultiplyAdd(a0, r0, c00); c01 = Vector512.FusedMultiplyAdd(a0, r1, c01); c02 = Vector512.FusedMultiplyAdd(a0, r2, c02); c03 = Vector512.FusedMultiplyAdd(a0, r3, c03);
            Vector512<float> a1 = Vector512.Create(Unsafe.Add(ref l, 128));
            c10 = Vector512.FusedMultiplyAdd(a1, r0, c10); c11 = Vector512.FusedMultiplyAdd(a1, r1, c11); c12 = Vector512.FusedMultiplyAdd(a1, r2, c12); c13 = Vector512.FusedMultiplyAdd(a1, r3, c13);
            Vector512<float> a2 = Vector512.Create(Unsafe.Add(ref l, 256));
            c20 = Vector512.FusedMultiplyAdd(a2, r0, c20); c21 = Vector512.FusedMultiplyAdd(a2, r1, c21); c22 = Vector512.FusedMultiplyAdd(a2, r2, c22); c23 = Vector512.FusedMultiplyAdd(a2, r3, c23);
            Vector512<float> a3 = Vector512.Create(Unsafe.Add(ref l, 384));
            c30 = Vector512.FusedMultiplyAdd(a3, r0, c30); c31 = Vector512.FusedMultiplyAdd(a3, r1, c31); c32 = Vector512.FusedMultiplyAdd(a3, r2, c32); c33 = Vector512.FusedMultiplyAdd(a3, r3, c33);
            Vector512<float> a4 = Vector512.Create(Unsafe.Add(ref l, 512));
            c40 = Vector512.FusedMultiplyAdd(a4, r0, c40); c41 = Vector512.FusedMultiplyAdd(a4, r1, c41); c42 = Vector512.FusedMultiplyAdd(a4, r2, c42); c43 = Vector512.FusedMultiplyAdd(a4, r3, c43);
            Vector512<float> a5 = Vector512.Create(Unsafe.Add(ref l, 640));
            c50 = Vector512.FusedMultiplyAdd(a5, r0, c50); c51 = Vector512.FusedMultiplyAdd(a5, r1, c51); c52 = Vector512.FusedMultiplyAdd(a5, r2, c52); c53 = Vector512.FusedMultiplyAdd(a5, r3, c53);
            l = ref Unsafe.Add(ref l, 1);
            r = ref Unsafe.Add(ref r, Panel);
        }
        c00.StoreUnsafe(ref o0); c01.StoreUnsafe(ref o0, 16); c02.StoreUnsafe(ref o0, 32); c03.StoreUnsafe(ref o0, 48);
        c10.StoreUnsafe(ref o1); c11.StoreUnsafe(ref o1, 16); c12.StoreUnsafe(ref o1, 32); c13.StoreUnsafe(ref o1, 48);
        c20.StoreUnsafe(ref o2); c21.StoreUnsafe(ref o2, 16); c22.StoreUnsafe(ref o2, 32); c23.StoreUnsafe(ref o2, 48);
        c30.StoreUnsafe(ref o3); c31.StoreUnsafe(ref o3, 16); c32.StoreUnsafe(ref o3, 32); c33.StoreUnsafe(ref o3, 48);
        c40.StoreUnsafe(ref o4); c41.StoreUnsafe(ref o4, 16); c42.StoreUnsafe(ref o4, 32); c43.StoreUnsafe(ref o4, 48);
        c50.StoreUnsafe(ref o5); c51.StoreUnsafe(ref o5, 16); c52.StoreUnsafe(ref o5, 32); c53.StoreUnsafe(ref o5, 48);
    }

    // Kernel6 over A packed [k][6], prefetching the panel 8 steps (2 KB) ahead.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel6Prefetch(ref float a, ref float panel, int kc, ref float o, ref float bias)
    {
        ref float o0 = ref o, o1 = ref Unsafe.Add(ref o, N), o2 = ref Unsafe.Add(ref o, 2 * N), o3 = ref Unsafe.Add(ref o, 3 * N), o4 = ref Unsafe.Add(ref o, 4 * N), o5 = ref Unsafe.Add(ref o, 5 * N);
        Vector512<float> c00 = Vector512.LoadUnsafe(ref bias, 0), c01 = Vector512.LoadUnsafe(ref bias, 16), c02 = Vector512.LoadUnsafe(ref bias, 32), c03 = Vector512.LoadUnsafe(ref bias, 48);
        Vector512<float> c10 = c00, c11 = c01, c12 = c02, c13 = c03, c20 = c00, c21 = c01, c22 = c02, c23 = c03;
        Vector512<float> c30 = c00, c31 = c01, c32 = c02, c33 = c03, c40 = c00, c41 = c01, c42 = c02, c43 = c03, c50 = c00, c51 = c01, c52 = c02, c53 = c03;
        ref float r = ref panel;
        ref float l = ref a;
        for (int k = 0; k < kc; k++)
        {
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref r, 8 * Panel)));
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref r, 8 * Panel + 32)));
            Vector512<float> r0 = Vector512.LoadUnsafe(ref r), r1 = Vector512.LoadUnsafe(ref r, 16), r2 = Vector512.LoadUnsafe(ref r, 32), r3 = Vector512.LoadUnsafe(ref r, 48);
            Vector512<float> a0 = Vector512.Create(l);
            c00 = Vector512.FusedMultiplyAdd(a0, r0, c00); c01 = Vector512.FusedMultiplyAdd(a0, r1, c01); c02 = Vector512.FusedMultiplyAdd(a0, r2, c02); c03 = Vector512.FusedMultiplyAdd(a0, r3, c03);
            Vector512<float> a1 = Vector512.Create(Unsafe.Add(ref l, 1));
            c10 = Vector512.FusedMultiplyAdd(a1, r0, c10); c11 = Vector512.FusedMultiplyAdd(a1, r1, c11); c12 = Vector512.FusedMultiplyAdd(a1, r2, c12); c13 = Vector512.FusedMultiplyAdd(a1, r3, c13);
            Vector512<float> a2 = Vector512.Create(Unsafe.Add(ref l, 2));
            c20 = Vector512.FusedMultiplyAdd(a2, r0, c20); c21 = Vector512.FusedMultiplyAdd(a2, r1, c21); c22 = Vector512.FusedMultiplyAdd(a2, r2, c22); c23 = Vector512.FusedMultiplyAdd(a2, r3, c23);
            Vector512<float> a3 = Vector512.Create(Unsafe.Add(ref l, 3));
            c30 = Vector512.FusedMultiplyAdd(a3, r0, c30); c31 = Vector512.FusedMultiplyAdd(a3, r1, c31); c32 = Vector512.FusedMultiplyAdd(a3, r2, c32); c33 = Vector512.FusedMultiplyAdd(a3, r3, c33);
            Vector512<float> a4 = Vector512.Create(Unsafe.Add(ref l, 4));
            c40 = Vector512.FusedMultiplyAdd(a4, r0, c40); c41 = Vector512.FusedMultiplyAdd(a4, r1, c41); c42 = Vector512.FusedMultiplyAdd(a4, r2, c42); c43 = Vector512.FusedMultiplyAdd(a4, r3, c43);
            Vector512<float> a5 = Vector512.Create(Unsafe.Add(ref l, 5));
            c50 = Vector512.FusedMultiplyAdd(a5, r0, c50); c51 = Vector512.FusedMultiplyAdd(a5, r1, c51); c52 = Vector512.FusedMultiplyAdd(a5, r2, c52); c53 = Vector512.FusedMultiplyAdd(a5, r3, c53);
            l = ref Unsafe.Add(ref l, 6);
            r = ref Unsafe.Add(ref r, Panel);
        }
        c00.StoreUnsafe(ref o0); c01.StoreUnsafe(ref o0, 16); c02.StoreUnsafe(ref o0, 32); c03.StoreUnsafe(ref o0, 48);
        c10.StoreUnsafe(ref o1); c11.StoreUnsafe(ref o1, 16); c12.StoreUnsafe(ref o1, 32); c13.StoreUnsafe(ref o1, 48);
        c20.StoreUnsafe(ref o2); c21.StoreUnsafe(ref o2, 16); c22.StoreUnsafe(ref o2, 32); c23.StoreUnsafe(ref o2, 48);
        c30.StoreUnsafe(ref o3); c31.StoreUnsafe(ref o3, 16); c32.StoreUnsafe(ref o3, 32); c33.StoreUnsafe(ref o3, 48);
        c40.StoreUnsafe(ref o4); c41.StoreUnsafe(ref o4, 16); c42.StoreUnsafe(ref o4, 32); c43.StoreUnsafe(ref o4, 48);
        c50.StoreUnsafe(ref o5); c51.StoreUnsafe(ref o5, 16); c52.StoreUnsafe(ref o5, 32); c53.StoreUnsafe(ref o5, 48);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Kernel4(ref float a, int rowStride, int kStride, ref float panel, int kc, ref float o, ref float bias, bool first)
    {
        ref float l0 = ref a, l1 = ref Unsafe.Add(ref a, rowStride), l2 = ref Unsafe.Add(ref a, 2 * rowStride), l3 = ref Unsafe.Add(ref a, 3 * rowStride);
        ref float o0 = ref o, o1 = ref Unsafe.Add(ref o, N), o2 = ref Unsafe.Add(ref o, 2 * N), o3 = ref Unsafe.Add(ref o, 3 * N);
        Vector512<float> c00 = Start(first, ref bias, ref o0, 0), c01 = Start(first, ref bias, ref o0, 16), c02 = Start(first, ref bias, ref o0, 32), c03 = Start(first, ref bias, ref o0, 48);
        Vector512<float> c10 = Start(first, ref bias, ref o1, 0), c11 = Start(first, ref bias, ref o1, 16), c12 = Start(first, ref bias, ref o1, 32), c13 = Start(first, ref bias, ref o1, 48);
        Vector512<float> c20 = Start(first, ref bias, ref o2, 0), c21 = Start(first, ref bias, ref o2, 16), c22 = Start(first, ref bias, ref o2, 32), c23 = Start(first, ref bias, ref o2, 48);
        Vector512<float> c30 = Start(first, ref bias, ref o3, 0), c31 = Start(first, ref bias, ref o3, 16), c32 = Start(first, ref bias, ref o3, 32), c33 = Start(first, ref bias, ref o3, 48);
        ref float r = ref panel;
        for (int k = 0; k < kc; k++)
        {
            Vector512<float> r0 = Vector512.LoadUnsafe(ref r), r1 = Vector512.LoadUnsafe(ref r, 16), r2 = Vector512.LoadUnsafe(ref r, 32), r3 = Vector512.LoadUnsafe(ref r, 48);
            Vector512<float> a0 = Vector512.Create(l0);
            c00 = Vector512.FusedMultiplyAdd(a0, r0, c00); c01 = Vector512.FusedMultiplyAdd(a0, r1, c01); c02 = Vector512.FusedMultiplyAdd(a0, r2, c02); c03 = Vector512.FusedMultiplyAdd(a0, r3, c03);
            Vector512<float> a1 = Vector512.Create(l1);
            c10 = Vector512.FusedMultiplyAdd(a1, r0, c10); c11 = Vector512.FusedMultiplyAdd(a1, r1, c11); c12 = Vector512.FusedMultiplyAdd(a1, r2, c12); c13 = Vector512.FusedMultiplyAdd(a1, r3, c13);
            Vector512<float> a2 = Vector512.Create(l2);
            c20 = Vector512.FusedMultiplyAdd(a2, r0, c20); c21 = Vector512.FusedMultiplyAdd(a2, r1, c21); c22 = Vector512.FusedMultiplyAdd(a2, r2, c22); c23 = Vector512.FusedMultiplyAdd(a2, r3, c23);
            Vector512<float> a3 = Vector512.Create(l3);
            c30 = Vector512.FusedMultiplyAdd(a3, r0, c30); c31 = Vector512.FusedMultiplyAdd(a3, r1, c31); c32 = Vector512.FusedMultiplyAdd(a3, r2, c32); c33 = Vector512.FusedMultiplyAdd(a3, r3, c33);
            l0 = ref Unsafe.Add(ref l0, kStride); l1 = ref Unsafe.Add(ref l1, kStride); l2 = ref Unsafe.Add(ref l2, kStride); l3 = ref Unsafe.Add(ref l3, kStride);
            r = ref Unsafe.Add(ref r, Panel);
        }
        c00.StoreUnsafe(ref o0); c01.StoreUnsafe(ref o0, 16); c02.StoreUnsafe(ref o0, 32); c03.StoreUnsafe(ref o0, 48);
        c10.StoreUnsafe(ref o1); c11.StoreUnsafe(ref o1, 16); c12.StoreUnsafe(ref o1, 32); c13.StoreUnsafe(ref o1, 48);
        c20.StoreUnsafe(ref o2); c21.StoreUnsafe(ref o2, 16); c22.StoreUnsafe(ref o2, 32); c23.StoreUnsafe(ref o2, 48);
        c30.StoreUnsafe(ref o3); c31.StoreUnsafe(ref o3, 16); c32.StoreUnsafe(ref o3, 32); c33.StoreUnsafe(ref o3, 48);
    }
}
