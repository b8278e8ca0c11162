using System.Diagnostics;
using Unroll.Tests.Networks;
using Xunit.Abstractions;

namespace Unroll.Tests.Soak;

/// <summary>
/// On demand (<c>UNROLL_SOAK=1 dotnet test tests/Unroll.Tests --filter Soak</c>; skipped otherwise):
/// 100 000 training steps on one thread and on the worker pool, with managed memory and the
/// process's resident set measured after warm-up and at the end. Both must stay flat.
/// </summary>
public class SoakTests(ITestOutputHelper output)
{
    private const string Switch = "UNROLL_SOAK";
    private const int Steps = 100_000;

    [SkippableFact]
    public void A_hundred_thousand_training_steps_keep_memory_flat()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable(Switch) is "1" or "true", $"on demand: set {Switch}=1 to run the soak test");
        var random = new Random(1);
        float[] small = Enumerable.Range(0, 10 * 8).Select(_ => random.NextSingle()).ToArray();
        float[] smallLabels = Enumerable.Range(0, 10).Select(i => (float)(i % 2)).ToArray();
        float[] wide = Enumerable.Range(0, 64 * 300).Select(_ => random.NextSingle()).ToArray();
        float[] wideLabels = new float[64 * 4];
        for (int s = 0; s < 64; s++) wideLabels[s * 4 + s % 4] = 1;

        var pima = new PimaNet(seed: 1);
        pima.Compile(new Adam(), Loss.BinaryCrossEntropy);
        var parallel = new LongNet(seed: 1) { Threads = 2 };
        parallel.Compile(new Adam(), Loss.CategoricalCrossEntropy);

        void Run(int steps)
        {
            for (int i = 0; i < steps; i++)
            {
                pima.TrainOnBatch(small, smallLabels);
                if (i % 10 == 0) parallel.TrainOnBatch(wide, wideLabels);
            }
        }

        Run(2_000); // warm-up: JIT, workspaces, the worker threads
        (long managed, long resident) = Measure();
        var clock = Stopwatch.StartNew();
        Run(Steps);
        (long managedAfter, long residentAfter) = Measure();
        output.WriteLine($"{Steps} + {Steps / 10} steps in {clock.Elapsed.TotalSeconds:0.0} s; managed {managed / 1024} -> {managedAfter / 1024} KB, RSS {resident / 1024} -> {residentAfter / 1024} KB");
        Assert.True(managedAfter - managed < 256 * 1024, $"managed memory grew by {(managedAfter - managed) / 1024} KB");
        Assert.True(residentAfter - resident < 16 * 1024 * 1024, $"RSS grew by {(residentAfter - resident) / 1024} KB");
        Assert.True(float.IsFinite(pima.Evaluate(small, smallLabels).Loss));
    }

    private static (long Managed, long Resident) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }
}
