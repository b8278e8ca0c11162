using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>
/// A large inference pass is cut into 32-row blocks that the threads claim one at a time: each row
/// is computed by the same code whichever thread claims it, so the bits are those of one thread
/// and of the fixed split, at every kernel width, the short tail block included.
/// </summary>
[Collection(SerialCollection.Name)]
public class ClaimedForwardTests
{
    // 530 rows: 16 blocks (enough to claim at 8 threads), the last with 18 rows past the 4-row
    // blocks' 16; 513: the last block's one extra row, which alone would meet the one-row kernels.
    private const int Batch = 530;

    public static TheoryData<string, KernelWidth, int, int> Cases()
    {
        var cases = new TheoryData<string, KernelWidth, int, int>();
        foreach (string net in new[] { "wide", "conv" })
            foreach (KernelWidth width in Enum.GetValues<KernelWidth>())
                foreach (int threads in new[] { 2, 3, 8 })
                    foreach (int batch in new[] { Batch, 513 })
                        cases.Add(net, width, threads, batch);
        return cases;
    }

    private static Model Create(string name) => name == "wide" ? new WideNet(seed: 6) : new PoolVectorNet(seed: 6);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Claimed_blocks_predict_the_bits_of_one_thread_and_of_the_fixed_split(string name, KernelWidth width, int threads, int batch)
    {
        Model net = Create(name);
        net.KernelWidth = width;
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(11), batch * net.InputSize, 1);
        net.Threads = 1;
        float[] one = net.Predict(x, batch); // one chunk, as in the split calls

        net.Threads = threads;
        WorkerPool.Shared.ClaimsBlocks = false;
        float[] fixedSplit;
        long runs = WorkerPool.Shared.Runs, claimed = WorkerPool.Shared.ClaimedRuns;
        try
        {
            fixedSplit = net.Predict(x, batch);
        }
        finally
        {
            WorkerPool.Shared.ClaimsBlocks = true;
        }
        Assert.Equal(runs + 1, WorkerPool.Shared.Runs);
        Assert.Equal(claimed, WorkerPool.Shared.ClaimedRuns);

        float[] blocks = net.Predict(x, batch);
        Assert.Equal(claimed + 1, WorkerPool.Shared.ClaimedRuns);
        Assert.Equal(one, blocks);
        Assert.Equal(one, fixedSplit);
    }

    // Training passes keep one range per thread (what the forward pass caches for the backward pass
    // may be relative to the range), claimed whole (ClaimedTrainingTests); a small inference batch
    // keeps the fixed split.
    [Fact]
    public void Training_passes_claim_whole_ranges_and_small_batches_keep_the_fixed_split()
    {
        var net = new WideNet(seed: 3) { Threads = 2 };
        net.Compile(new Sgd(), Loss.SparseCategoricalCrossEntropy);
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(4), Batch * net.InputSize, 1);
        float[] y = Enumerable.Range(0, Batch).Select(i => (float)(i % net.OutputSize)).ToArray();
        long runs = WorkerPool.Shared.Runs, claimed = WorkerPool.Shared.ClaimedRuns;
        net.ComputeGradients(x, y);
        net.Predict(x.AsSpan(0, 64 * net.InputSize).ToArray()); // split, but 2 blocks: under 2 per thread
        Assert.Equal(runs + 3, WorkerPool.Shared.Runs);
        Assert.Equal(claimed + 2, WorkerPool.Shared.ClaimedRuns); // the training step's forward and backward passes
    }

    // Claimed jobs, whose workers the caller does not wait for, interleaved with training jobs
    // (claimed whole ranges) on the same workers: every prediction stays that of one thread.
    [Fact]
    public void Claimed_predictions_interleaved_with_split_training_match_one_thread()
    {
        Model[] nets = [new WideNet(seed: 5) { Threads = 1 }, new WideNet(seed: 5) { Threads = 2 }];
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(6), Batch * nets[0].InputSize, 1);
        float[] y = Enumerable.Range(0, Batch).Select(i => (float)(i % nets[0].OutputSize)).ToArray();
        foreach (Model net in nets) net.Compile(new Sgd(), Loss.SparseCategoricalCrossEntropy);
        long claimed = WorkerPool.Shared.ClaimedRuns;
        for (int round = 0; round < 50; round++)
        {
            Assert.Equal(nets[0].Predict(x), nets[1].Predict(x));
            foreach (Model net in nets) net.ComputeGradients(x.AsSpan(0, 64 * net.InputSize), y.AsSpan(0, 64));
            Assert.Equal(nets[0].Predict(x), nets[1].Predict(x));
        }
        Assert.Equal(claimed + 200, WorkerPool.Shared.ClaimedRuns); // two predictions and a training step a round
    }

    [Fact]
    public void A_claimed_prediction_allocates_nothing()
    {
        var net = new WideNet(seed: 2) { Threads = 2 };
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(7), Batch * net.InputSize, 1);
        float[] output = new float[Batch * net.OutputSize];
        long claimed = WorkerPool.Shared.ClaimedRuns;
        Assert.Equal(0, Allocations.OfOneCall(() => net.Predict(x, output)));
        Assert.True(WorkerPool.Shared.ClaimedRuns > claimed);
    }
}
