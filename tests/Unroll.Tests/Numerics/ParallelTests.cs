using CsCheck;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>Batches split over threads compute what one thread computes, reproducibly and without allocating.</summary>
[Collection(SerialCollection.Name)]
public class ParallelTests
{
    private static (float[] X, float[] Y) Data(Model net, int batch)
    {
        var random = new SeededRandom(21);
        float[] x = GradientCheckTests.RandomArray(random, batch * net.InputSize, 1);
        float[] y = Enumerable.Range(0, batch).Select(i => (float)(i % net.OutputSize)).ToArray();
        return (x, y);
    }

    [Theory]
    [InlineData(2, 130)]
    [InlineData(3, 97)]
    public void Split_batches_match_one_thread(int threads, int batch)
    {
        var net = new WideNet(seed: 5);
        net.Compile(new Sgd(), Loss.SparseCategoricalCrossEntropy);
        var (x, y) = Data(net, batch);

        net.Threads = 1;
        float[] outputs = net.Predict(x);
        float loss = net.ComputeGradients(x, y);
        float[] gradients = net.Gradients.ToArray();

        net.Threads = threads;
        long runs = WorkerPool.Shared.Runs;
        // Forward rows are independent: identical bits.
        Assert.Equal(outputs, net.Predict(x));
        Assert.Equal(loss, net.ComputeGradients(x, y));
        // Weight gradients are sums over the batch, added range by range: equal up to rounding.
        float[] split = net.Gradients.ToArray();
        for (int i = 0; i < split.Length; i++)
            Assert.True(Math.Abs(split[i] - gradients[i]) <= 1e-6f + 1e-5f * Math.Abs(gradients[i]), $"gradient {i}: {split[i]} vs {gradients[i]}");
        Assert.Equal(runs + 3, WorkerPool.Shared.Runs); // Predict, then the forward and backward passes of the step
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    [InlineData("adadelta")]
    public void A_split_optimizer_step_equals_one_thread_bit_for_bit(string optimizer)
    {
        Optimizer Create() => optimizer switch { "sgd" => new Sgd(momentum: 0.9f), "adam" => new Adam(), _ => new Adadelta() };
        UpdateNet[] nets = [new UpdateNet(seed: 8) { Threads = 1 }, new UpdateNet(seed: 8) { Threads = 1 }];
        var (x, y) = Data(nets[0], 16);
        foreach (UpdateNet net in nets) net.Compile(Create(), Loss.MeanSquaredError);
        for (int step = 0; step < 3; step++)
        {
            foreach (UpdateNet net in nets)
            {
                net.Threads = 1;
                net.ComputeGradients(x, y.Concat(y).ToArray());
            }
            nets[1].Threads = 2;
            long runs = WorkerPool.Shared.Runs;
            nets[0].ApplyOptimizer();
            nets[1].ApplyOptimizer();
            Assert.Equal(runs + 1, WorkerPool.Shared.Runs);
            Assert.Equal(nets[0].Parameters.ToArray(), nets[1].Parameters.ToArray());
        }
    }

    // Fit gathers a shuffled batch's rows in the forward pass, each thread its own: the result is
    // that of the same rows given in the seed's order, unshuffled, at the same thread count.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_shuffled_epoch_trains_on_the_rows_its_seed_orders(int threads)
    {
        const int samples = 300, seed = 7; // batches of 128, 128 and 44 rows, all split
        var (x, y) = Data(new WideNet(seed: 1), samples);
        int[] order = Enumerable.Range(0, samples).ToArray();
        new SeededRandom(seed).Shuffle(order);
        int inputs = x.Length / samples;
        float[] shuffledX = order.SelectMany(i => x.AsSpan(i * inputs, inputs).ToArray()).ToArray();
        float[] shuffledY = order.Select(i => y[i]).ToArray();

        float[] Train(bool shuffle)
        {
            var net = new WideNet(seed: 9) { Threads = threads };
            net.Compile(new Adam(), Loss.SparseCategoricalCrossEntropy);
            if (shuffle) net.Fit(x, y, epochs: 1, batchSize: 128, verbose: 0, shuffle: true, seed: seed);
            else net.Fit(shuffledX, shuffledY, epochs: 1, batchSize: 128, verbose: 0, shuffle: false);
            return net.Parameters.ToArray();
        }
        long runs = WorkerPool.Shared.Runs;
        Assert.Equal(Train(shuffle: false), Train(shuffle: true));
        Assert.Equal(threads > 1, WorkerPool.Shared.Runs > runs);
    }

    // In Fit a split step applies the optimizer inside the backward job, each thread on the slice
    // whose gradient sum it made: the same bits as a separate update job, one hand-over fewer.
    [Fact]
    public void Fit_fuses_the_update_into_the_backward_job_with_the_bits_of_a_separate_update()
    {
        const int samples = 256, batch = 64;
        var (x, _) = Data(new UpdateNet(seed: 1), samples);
        float[] y = GradientCheckTests.RandomArray(new SeededRandom(3), samples * 2, 1);
        UpdateNet Make()
        {
            var net = new UpdateNet(seed: 8) { Threads = 2 };
            net.Compile(new Adam(), Loss.MeanSquaredError);
            return net;
        }
        UpdateNet fitted = Make(), stepped = Make();
        long runs = WorkerPool.Shared.Runs;
        fitted.Fit(x, y, epochs: 2, batchSize: batch, verbose: 0, shuffle: false);
        Assert.Equal(2 * 2 * samples / batch, WorkerPool.Shared.Runs - runs); // forward and backward jobs only
        for (int epoch = 0; epoch < 2; epoch++)
            for (int start = 0; start < samples; start += batch)
            {
                stepped.ComputeGradients(x.AsSpan(start * stepped.InputSize, batch * stepped.InputSize), y.AsSpan(start * 2, batch * 2));
                stepped.ApplyOptimizer();
            }
        Assert.Equal(stepped.Parameters.ToArray(), fitted.Parameters.ToArray());
        Assert.Equal(stepped.Optimizer.Iterations, fitted.Optimizer.Iterations);
        Assert.False(fitted.KeepsOptimizerStepApart);
        Assert.True(new MixedNet(seed: 1).KeepsOptimizerStepApart); // its L2 penalties keep the update a separate job
    }

    // Every chunk of a large Predict is a hand-over to the workers: a split chunk holds 256 samples
    // per thread (the one-thread chunk), so 1 000 samples on two threads are two jobs, not four.
    [Fact]
    public void A_large_predict_hands_over_one_chunk_of_256_samples_per_thread()
    {
        var net = new WideNet(seed: 4) { Threads = 1 };
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(8), 1000 * net.InputSize, 1);
        float[] one = net.Predict(x);
        net.Threads = 2;
        long runs = WorkerPool.Shared.Runs;
        Assert.Equal(one, net.Predict(x));
        Assert.Equal(runs + 2, WorkerPool.Shared.Runs);
    }

    // A network with a large workspace per sample gets Predict's smallest chunks, 32 samples per
    // thread (not 32 in all): each thread's share of a chunk reads the whole weights once.
    [Fact]
    public void A_large_workspace_predict_hands_over_32_samples_per_thread()
    {
        var net = new LargeWorkspaceNet(seed: 4) { Threads = 1 };
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(9), 256 * net.InputSize, 1);
        float[] one = net.Predict(x);
        net.Threads = 2;
        long runs = WorkerPool.Shared.Runs;
        Assert.Equal(one, net.Predict(x));
        Assert.Equal(runs + 4, WorkerPool.Shared.Runs);
    }

    [Fact]
    public void Small_networks_stay_on_one_thread()
    {
        var net = new PimaNet(seed: 1) { Threads = 2 };
        long runs = WorkerPool.Shared.Runs;
        net.Predict(new float[256 * 8]);
        Assert.Equal(runs, WorkerPool.Shared.Runs);
    }

    // The README's guarantee for prediction: a batch predicts the same for every thread count
    // (row ranges start on 4-row blocks; a row in a 4-row or a 6-row Vector512 block is summed the
    // same way, so it gets the bits it gets on one thread). From 40 samples every network here has
    // enough work per batch to be split; the last two have packed products, which take 6-row blocks.
    [Fact]
    public void A_batch_predicts_the_same_bits_with_any_thread_count()
    {
        Model[] nets = [new WideNet(seed: 6), new PoolVectorNet(seed: 6), new WholeRowPanelNet(seed: 6), new WideOutputNet(seed: 6)];
        Gen.Select(Gen.Int[0, nets.Length - 1], Gen.Int[40, 200], Gen.Int[2, WorkerPool.MaxThreads]).Sample((n, batch, threads) =>
        {
            Model net = nets[n];
            float[] x = GradientCheckTests.RandomArray(new SeededRandom((ulong)batch), batch * net.InputSize, 1);
            net.Threads = 1;
            float[] one = net.Predict(x);
            net.Threads = threads;
            long runs = WorkerPool.Shared.Runs;
            float[] split = net.Predict(x);
            return WorkerPool.Shared.Runs > runs && one.AsSpan().SequenceEqual(split);
        }, iter: 80, threads: 1);
    }

    // The README's guarantee: the same seed and the same thread count give the same bits (a
    // different thread count rounds the gradient sums differently; that is not promised).
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    public void Training_with_the_same_seed_and_thread_count_gives_identical_weights(int threads)
    {
        float[] Train(Model net)
        {
            net.Threads = threads;
            net.Compile(new Adam(), net is WideNet ? Loss.SparseCategoricalCrossEntropy : Loss.MeanSquaredError);
            var (x, y) = Data(net, 300);
            if (net is UpdateNet) y = GradientCheckTests.RandomArray(new SeededRandom(3), 300 * net.OutputSize, 1);
            net.Fit(x, y, epochs: 2, batchSize: 128, verbose: 0, seed: 4);
            return [.. net.Parameters.ToArray(), .. net.Predict(x)];
        }
        long runs = WorkerPool.Shared.Runs;
        Assert.Equal(Train(new WideNet(seed: 9)), Train(new WideNet(seed: 9)));
        Assert.Equal(Train(new UpdateNet(seed: 9)), Train(new UpdateNet(seed: 9))); // the optimizer update is split too
        Assert.Equal(threads > 1, WorkerPool.Shared.Runs > runs);
    }

    [Fact]
    public void A_split_training_step_allocates_nothing()
    {
        var net = new WideNet(seed: 2) { Threads = 2 };
        net.Compile(new Adam(), Loss.SparseCategoricalCrossEntropy);
        var (x, y) = Data(net, 128);
        net.TrainOnBatch(x, y);
        Assert.Equal(0, Allocations.OfOneCall(() => net.TrainOnBatch(x, y)));
    }

    // Fit's split step: rows gathered by each thread, the gradient sum and the update in the backward job.
    [Fact]
    public void A_split_shuffled_epoch_allocates_nothing()
    {
        var net = new UpdateNet(seed: 2) { Threads = 2 };
        net.Compile(new Adam(), Loss.MeanSquaredError);
        var random = new SeededRandom(5);
        float[] x = GradientCheckTests.RandomArray(random, 256 * net.InputSize, 1);
        float[] y = GradientCheckTests.RandomArray(random, 256 * net.OutputSize, 1);
        var runner = new EpochRunner(net, x, y, trainSamples: 256, batchSize: 64, shuffle: true, random);
        runner.RunEpoch(1, progress: null);
        long runs = WorkerPool.Shared.Runs;
        Assert.Equal(0, Allocations.OfOneCall(() => runner.RunEpoch(2, progress: null)));
        Assert.True(WorkerPool.Shared.Runs > runs);
    }
}
