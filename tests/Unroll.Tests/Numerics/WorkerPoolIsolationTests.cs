using CsCheck;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>
/// Every parallel call owns exactly its workers and its data: networks with different thread
/// counts, one network whose thread count changes, and networks trained from several user threads
/// at once compute, bit for bit, what each computes alone with the same thread count.
/// </summary>
[Collection(SerialCollection.Name)]
public class WorkerPoolIsolationTests
{
    /// <summary>One network's run: a fixed sequence of steps whose every result is recorded.</summary>
    private sealed class Run
    {
        private readonly Model _net;
        private readonly float[] _x, _y;
        private readonly List<float[]> _results = [];

        public Run(Model net, int threads, int batch, int seed)
        {
            _net = net;
            net.Threads = threads;
            net.Compile(new Adam(), Loss.MeanSquaredError);
            var random = new SeededRandom((ulong)seed);
            _x = GradientCheckTests.RandomArray(random, batch * net.InputSize, 1);
            _y = GradientCheckTests.RandomArray(random, batch * net.OutputSize, 1);
        }

        // Predict (split forward), then a training step (split forward, backward and, for a large
        // network, the optimizer update).
        public void Step()
        {
            _results.Add(_net.Predict(_x));
            _results.Add([_net.TrainOnBatch(_x, _y)]);
        }

        public float[][] Results => [.. _results, _net.Parameters.ToArray()];
    }

    private static Run[] Runs(params (int Threads, int Batch)[] shapes)
        => shapes.Select((s, i) => new Run(i % 2 == 0 ? new UpdateNet(seed: 3 + i) : new WideNet(seed: 3 + i), s.Threads, s.Batch, seed: 40 + i)).ToArray();

    private static void AssertSame(float[][] alone, float[][] together, string what)
    {
        Assert.Equal(alone.Length, together.Length);
        for (int i = 0; i < alone.Length; i++)
            Assert.True(alone[i].AsSpan().SequenceEqual(together[i]), $"{what}: result {i} differs from the network's run alone.");
    }

    [Theory]
    [InlineData(8, 2)]
    [InlineData(3, 2)]
    [InlineData(2, 8)]
    public void Networks_with_different_thread_counts_interleaved_on_one_thread_compute_what_each_computes_alone(int first, int second)
    {
        const int Steps = 8;
        (int, int)[] shapes = [(first, 130), (second, 97)];
        Run[] alone = Runs(shapes);
        foreach (Run run in alone)
            for (int s = 0; s < Steps; s++) run.Step();

        Run[] together = Runs(shapes);
        for (int s = 0; s < Steps; s++)
            foreach (Run run in together) run.Step();

        for (int i = 0; i < alone.Length; i++)
            AssertSame(alone[i].Results, together[i].Results, $"network {i} ({shapes[i].Item1} threads)");
    }

    [Fact]
    public void Networks_trained_from_several_user_threads_at_once_compute_what_each_computes_alone()
    {
        const int Steps = 6;
        (int, int)[] shapes = [(8, 130), (2, 97), (3, 64), (5, 77)];
        Run[] alone = Runs(shapes);
        foreach (Run run in alone)
            for (int s = 0; s < Steps; s++) run.Step();

        Run[] together = Runs(shapes);
        Thread[] users = together.Select(run => new Thread(() =>
        {
            for (int s = 0; s < Steps; s++) run.Step();
        })).ToArray();
        foreach (Thread user in users) user.Start();
        foreach (Thread user in users) user.Join();

        for (int i = 0; i < alone.Length; i++)
            AssertSame(alone[i].Results, together[i].Results, $"network {i} ({shapes[i].Item1} threads)");
    }

    [Fact]
    public void A_network_whose_thread_count_changes_between_calls_computes_what_that_thread_count_computes()
    {
        var (x, y) = (GradientCheckTests.RandomArray(new SeededRandom(5), 130 * 20, 1), GradientCheckTests.RandomArray(new SeededRandom(6), 130 * 2, 1));
        WideNet Fresh(int threads)
        {
            var net = new WideNet(seed: 11) { Threads = threads };
            net.Compile(new Sgd(), Loss.MeanSquaredError);
            return net;
        }
        // The oracle: for each thread count, the outputs and gradients of a network that only ever
        // used that count, computed in increasing order (every started worker takes part).
        var expected = new (float[] Outputs, float[] Gradients)[WorkerPool.MaxThreads + 1];
        for (int t = 1; t <= WorkerPool.MaxThreads; t++)
        {
            WideNet net = Fresh(t);
            net.ComputeGradients(x, y);
            expected[t] = (net.Predict(x), net.Gradients.ToArray());
        }

        Gen.Int[1, WorkerPool.MaxThreads].Array[2, 10].Sample(counts =>
        {
            WideNet net = Fresh(1);
            foreach (int t in counts)
            {
                net.Threads = t;
                float[] outputs = net.Predict(x);
                net.ComputeGradients(x, y);
                if (!outputs.AsSpan().SequenceEqual(expected[t].Outputs) || !net.Gradients.SequenceEqual(expected[t].Gradients))
                    throw new InvalidOperationException($"With Threads = {t} after [{string.Join(", ", counts)}] the results differ from a network that only used {t}.");
            }
        }, iter: 15, threads: 1, print: counts => "[" + string.Join(", ", counts) + "]");
    }

    [SkippableFact]
    public void A_split_pass_never_reads_past_its_input()
    {
        Skip.IfNot(GuardedMemory.Supported, "guard pages (mprotect) are set up on Linux only");
        // The 8-thread network starts 7 workers; the 2-thread network's input ends where
        // inaccessible pages begin, so a worker that ran a part it was not given would read there
        // and end the process. The narrow network's workspace is large (it predicted 512 samples
        // once), so such a part would find room for its rows and really read its input.
        var wide = new UpdateNet(seed: 1) { Threads = 8 };
        var narrow = new UpdateNet(seed: 2) { Threads = 2 };
        narrow.Compile(new Sgd(), Loss.MeanSquaredError);
        const int Batch = 64;
        float[] values = GradientCheckTests.RandomArray(new SeededRandom(9), Batch * narrow.InputSize, 1);
        float[] labels = new float[Batch * narrow.OutputSize];
        using var guarded = new GuardedMemory(values, guardFactor: WorkerPool.MaxThreads);
        var wideInput = new float[Batch * wide.InputSize];
        float[] expected = narrow.Predict(values);
        narrow.Predict(new float[512 * narrow.InputSize]);
        for (int i = 0; i < 20; i++)
        {
            wide.Predict(wideInput);
            Assert.Equal(expected, narrow.Predict(guarded.Span));
            wide.Predict(wideInput);
            narrow.ComputeGradients(guarded.Span, labels);
        }
    }
}
