using System.Diagnostics;
using System.Numerics.Tensors;

namespace Unroll.Benchmarks;

/// <summary>
/// <c>--cross-core</c>: what it costs two threads to hand each other data every step, as a
/// data-parallel training step must. Each step, thread p rewrites its half of a buffer (as its
/// slice of the gradient sum and update does), both meet at a barrier, and each reads the whole
/// buffer (as the next forward pass reads all the weights): half of it from the other core's
/// cache. Against the same steps with each thread reading only what it wrote, the difference is
/// the hand-over. Sizes: the MNIST MLP's 55 050 parameters (220 KB), then four times that, and
/// a batch of 128 MNIST input rows (100 352 floats, 392 KB): what a model-parallel first layer
/// would hand over instead, each thread reading every row while each gathered half of them.
/// Microseconds per step, median of the rounds.
/// </summary>
internal static class CrossCore
{
    private const int Steps = 3000, Rounds = 7;

    public static void Run()
    {
        Console.WriteLine($"# Two threads, {Steps} steps a round, median of {Rounds} rounds; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("floats\thalf (KB)\tboth read all, us/step\teach reads its own, us/step\thand-over, us/step\tGB/s each way");
        foreach (int floats in new[] { 55_050, 4 * 55_050, 128 * 784 })
        {
            var buffer = new float[floats];
            var own = new[] { new float[floats], new float[floats] };
            double shared = Median(() => Steps2(buffer, own, crossCore: true));
            double local = Median(() => Steps2(buffer, own, crossCore: false));
            double halfBytes = floats / 2 * 4.0, handOver = shared - local;
            Console.WriteLine($"{floats}\t{halfBytes / 1024:F0}\t{shared:F1}\t{local:F1}\t{handOver:F1}\t{halfBytes / (handOver * 1e3):F1}");
        }
    }

    private static double Median(Func<double> round)
    {
        round();
        double[] times = Enumerable.Range(0, Rounds).Select(_ => round()).ToArray();
        Array.Sort(times);
        return times[Rounds / 2];
    }

    // Both threads run the steps; the caller's time per step is returned.
    private static double Steps2(float[] buffer, float[][] own, bool crossCore)
    {
        using var barrier = new Barrier(2);
        double time = 0;
        Parallel.Invoke(() => time = Run(0), () => Run(1));
        return time;

        double Run(int part)
        {
            int half = buffer.Length / 2, start = part * half, length = part == 0 ? half : buffer.Length - half;
            float[] mine = own[part];
            float sink = 0;
            barrier.SignalAndWait();
            long begin = Stopwatch.GetTimestamp();
            for (int step = 0; step < Steps; step++)
            {
                float[] written = crossCore ? buffer : mine;
                TensorPrimitives.Add(written.AsSpan(start, length), 1e-7f, written.AsSpan(start, length));
                barrier.SignalAndWait();
                // The same number of floats read either way: all of the shared buffer, or one's own half twice.
                sink += crossCore ? TensorPrimitives.Sum(buffer) : TensorPrimitives.Sum(mine.AsSpan(start, length)) + TensorPrimitives.Sum(mine.AsSpan(start, length));
                barrier.SignalAndWait();
            }
            double perStep = Stopwatch.GetElapsedTime(begin).TotalMicroseconds / Steps;
            return sink == float.MinValue ? -1 : perStep; // keeps the reads
        }
    }
}
