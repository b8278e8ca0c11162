using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Unroll.Benchmarks;

/// <summary>
/// What packing the weights once would buy dense1024's forward pass (64 × 1024 by 1024 × 1024):
/// the generated kernel's loops written out by hand (Vector512, 4 rows × 4 vectors over 64-column
/// panels, 128 reduction steps per block) with each panel copied per call from the row-major
/// weights as the generated code does (<c>per-call</c>), beside the same loops over a panel-major
/// copy made once (<c>packed once</c>), as ONNX Runtime does for constant weights. One and two
/// threads (each a half of the columns); the variants alternate in rounds in one process, and each
/// is reported with its time over the one-thread per-call time of the same round.
/// </summary>
public static class Prepack
{
    private const int M = 64, K = 1024, N = 1024, Panel = 64, Block = 128, Rounds = 30, Calls = 20;

    public static void Run()
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            Console.WriteLine("# --prepack needs Vector512");
            return;
        }
        var random = new Random(1);
        float[] x = Enumerable.Range(0, M * K).Select(_ => (float)random.NextDouble()).ToArray();
        float[] w = Enumerable.Range(0, K * N).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        float[] b = new float[N], y = new float[M * N];
        float[] panelMajor = new float[K * N]; // [panel][k][64]
        for (int g = 0; g < N / Panel; g++)
            for (int k = 0; k < K; k++)
                Array.Copy(w, k * N + g * Panel, panelMajor, (g * K + k) * Panel, Panel);
        float[][] packs = [new float[Block * Panel], new float[Block * Panel]];
        var two = new ParallelOptions { MaxDegreeOfParallelism = 2 };
        (string Name, Action Run)[] variants =
        [
            ("per-call, 1 thread", () => PerCall(x, w, b, y, packs[0], 0, N)),
            ("packed once, 1 thread", () => PackedOnce(x, panelMajor, b, y, 0, N)),
            ("per-call, 2 threads", () => Parallel.For(0, 2, two, p => PerCall(x, w, b, y, packs[p], p * N / 2, (p + 1) * N / 2))),
            ("packed once, 2 threads", () => Parallel.For(0, 2, two, p => PackedOnce(x, panelMajor, b, y, p * N / 2, (p + 1) * N / 2))),
        ];
        foreach (var variant in variants)
            for (int i = 0; i < 200; i++) variant.Run();
        var times = new double[variants.Length, Rounds];
        for (int r = 0; r < Rounds; r++)
            for (int k = 0; k < variants.Length; k++)
            {
                int v = (k + r) % variants.Length;
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < Calls; i++) variants[v].Run();
                times[v, r] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / Calls;
            }
        Console.WriteLine($"# dense1024 forward, batch {M}: each panel packed per call vs packed once; {Rounds} alternating rounds; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("variant\tmedian us\tmin us\ttime / per-call 1 thread (median [quartiles])");
        for (int v = 0; v < variants.Length; v++)
        {
            double[] sorted = Enumerable.Range(0, Rounds).Select(r => times[v, r]).Order().ToArray();
            double[] ratios = Enumerable.Range(0, Rounds).Select(r => times[v, r] / times[0, r]).Order().ToArray();
            Console.WriteLine($"{variants[v].Name}\t{sorted[Rounds / 2]:F0}\t{sorted[0]:F0}\t{ratios[Rounds / 2]:F3} [{ratios[Rounds / 4]:F3}, {ratios[3 * Rounds / 4]:F3}]");
        }
    }

    // As the generated kernel: per reduction block, each panel of the columns [g0, g1) copied, then every row block over it.
    private static void PerCall(float[] x, float[] w, float[] b, float[] y, float[] pack, int g0, int g1)
    {
        for (int kb = 0; kb < K; kb += Block)
            for (int g = g0; g < g1; g += Panel)
            {
                ref float source = ref w[kb * N + g];
                for (int k = 0; k < Block; k++)
                {
                    for (int v = 0; v < Panel; v += 16)
                        Vector512.StoreUnsafe(Vector512.LoadUnsafe(ref source, (nuint)v), ref pack[0], (nuint)(k * Panel + v));
                    source = ref Unsafe.Add(ref source, N);
                }
                RowBlocks(x, ref pack[0], b, y, kb, g);
            }
    }

    private static void PackedOnce(float[] x, float[] panelMajor, float[] b, float[] y, int g0, int g1)
    {
        for (int kb = 0; kb < K; kb += Block)
            for (int g = g0; g < g1; g += Panel)
                RowBlocks(x, ref panelMajor[(g / Panel * K + kb) * Panel], b, y, kb, g);
    }

    // 4 rows × 4 Vector512 accumulators over one block of a panel, starting from the bias or the partial sums.
    private static void RowBlocks(float[] x, ref float panel, float[] b, float[] y, int kb, int g)
    {
        bool first = kb == 0;
        for (int i = 0; i < M; i += 4)
        {
            ref float l0 = ref x[i * K + kb], l1 = ref x[(i + 1) * K + kb], l2 = ref x[(i + 2) * K + kb], l3 = ref x[(i + 3) * K + kb];
            ref float o0 = ref y[i * N + g], o1 = ref y[(i + 1) * N + g], o2 = ref y[(i + 2) * N + g], o3 = ref y[(i + 3) * N + g];
            ref float bias = ref b[g];
            Vector512<float> c00 = Start(first, ref bias, ref o0, 0), c01 = Start(first, ref bias, ref o0, 16), c02 = Start(first, ref bias, ref o0, 32), c03 = Start(first, ref bias, ref o0, 48);
            Vector512<float> c10 = Start(first, ref bias, ref o1, 0), c11 = Start(first, ref bias, ref o1, 16), c12 = Start(first, ref bias, ref o1, 32), c13 = Start(first, ref bias, ref o1, 48);
            Vector512<float> c20 = Start(first, ref bias, ref o2, 0), c21 = Start(first, ref bias, ref o2, 16), c22 = Start(first, ref bias, ref o2, 32), c23 = Start(first, ref bias, ref o2, 48);
            Vector512<float> c30 = Start(first, ref bias, ref o3, 0), c31 = Start(first, ref bias, ref o3, 16), c32 = Start(first, ref bias, ref o3, 32), c33 = Start(first, ref bias, ref o3, 48);
            ref float r = ref panel;
            for (int k = 0; k < Block; k++)
            {
                Vector512<float> r0 = Vector512.LoadUnsafe(ref r), r1 = Vector512.LoadUnsafe(ref r, 16), r2 = Vector512.LoadUnsafe(ref r, 32), r3 = Vector512.LoadUnsafe(ref r, 48);
                Vector512<float> a = Vector512.Create(l0);
                c00 = Vector512.FusedMultiplyAdd(a, r0, c00); c01 = Vector512.FusedMultiplyAdd(a, r1, c01); c02 = Vector512.FusedMultiplyAdd(a, r2, c02); c03 = Vector512.FusedMultiplyAdd(a, r3, c03);
                a = Vector512.Create(l1);
                c10 = Vector512.FusedMultiplyAdd(a, r0, c10); c11 = Vector512.FusedMultiplyAdd(a, r1, c11); c12 = Vector512.FusedMultiplyAdd(a, r2, c12); c13 = Vector512.FusedMultiplyAdd(a, r3, c13);
                a = Vector512.Create(l2);
                c20 = Vector512.FusedMultiplyAdd(a, r0, c20); c21 = Vector512.FusedMultiplyAdd(a, r1, c21); c22 = Vector512.FusedMultiplyAdd(a, r2, c22); c23 = Vector512.FusedMultiplyAdd(a, r3, c23);
                a = Vector512.Create(l3);
                c30 = Vector512.FusedMultiplyAdd(a, r0, c30); c31 = Vector512.FusedMultiplyAdd(a, r1, c31); c32 = Vector512.FusedMultiplyAdd(a, r2, c32); c33 = Vector512.FusedMultiplyAdd(a, r3, c33);
                l0 = ref Unsafe.Add(ref l0, 1); l1 = ref Unsafe.Add(ref l1, 1); l2 = ref Unsafe.Add(ref l2, 1); l3 = ref Unsafe.Add(ref l3, 1);
                r = ref Unsafe.Add(ref r, Panel);
            }
            c00.StoreUnsafe(ref o0); c01.StoreUnsafe(ref o0, 16); c02.StoreUnsafe(ref o0, 32); c03.StoreUnsafe(ref o0, 48);
            c10.StoreUnsafe(ref o1); c11.StoreUnsafe(ref o1, 16); c12.StoreUnsafe(ref o1, 32); c13.StoreUnsafe(ref o1, 48);
            c20.StoreUnsafe(ref o2); c21.StoreUnsafe(ref o2, 16); c22.StoreUnsafe(ref o2, 32); c23.StoreUnsafe(ref o2, 48);
            c30.StoreUnsafe(ref o3); c31.StoreUnsafe(ref o3, 16); c32.StoreUnsafe(ref o3, 32); c33.StoreUnsafe(ref o3, 48);
        }
    }

    private static Vector512<float> Start(bool first, ref float bias, ref float partial, nuint offset)
        => first ? Vector512.LoadUnsafe(ref bias, offset) : Vector512.LoadUnsafe(ref partial, offset);
}
