namespace Unroll.Benchmarks;

/// <summary>
/// <c>--fused-update [--rounds N]</c>: the MNIST MLP's one-thread Fit step with the Adam step fused
/// into the backward kernels (each block of dW updated as it is stored) against the separate pass
/// over all parameters after the backward pass, in alternating blocks in one process, on two
/// networks with the same weights, at batch 32 and 128. Both must end with the same weights.
/// </summary>
internal static class FusedUpdate
{
    private const int Samples = 12_000;

    public static void Run(int rounds = 9)
    {
        var (x, y) = Workloads.SyntheticMnist(Samples);
        Console.WriteLine($"# MNIST MLP Fit, {Samples} samples, one thread, Adam fused into the backward kernels vs a separate pass; load {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (int batch in new[] { 32, 128 })
        {
            MnistMlp fused = Workloads.NewMnist(), separate = Workloads.NewMnist();
            fused.Threads = separate.Threads = 1;
            separate.FusesOptimizerStep = false;
            Workloads.Epoch(fused, x, y, batch);
            Workloads.Epoch(separate, x, y, batch);
            if (Environment.GetEnvironmentVariable("UNROLL_PROTO_MODE") is null && !fused.Weights.SequenceEqual(separate.Weights))
                throw new InvalidOperationException("the fused and the separate optimizer step gave different weights");
            int steps = (Samples + batch - 1) / batch;
            var (a, b, ratios) = AlternatingBlocks.Run(() => Workloads.Epoch(fused, x, y, batch), () => Workloads.Epoch(separate, x, y, batch), rounds, blockSeconds: 1, pauseMilliseconds: 100);
            Console.WriteLine($"batch {batch}\tround\tfused (us/step)\tseparate (us/step)\tratio");
            for (int r = 0; r < rounds; r++)
                Console.WriteLine($"\t{r + 1}\t{a[r] / steps:F1}\t{b[r] / steps:F1}\t{a[r] / b[r]:F3}");
            Array.Sort(a);
            Array.Sort(b);
            Console.WriteLine($"batch {batch}\tmedian\t{a[rounds / 2] / steps:F1}\t{b[rounds / 2] / steps:F1}\tmedian ratio {ratios[rounds / 2]:F3}");
        }
    }
}
