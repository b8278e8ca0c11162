using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>
/// A split training step is claimed piece by piece, as inference is: the forward pass's row blocks
/// (or, for a small batch, the fixed split's ranges, one per thread, each whole), then the backward
/// pass's ranges (each into its own gradient buffer), the parts of a split weight gradient and the slices of the gradient
/// sum and the fused update. Whichever thread runs a piece, it writes what the fixed split's part
/// writes, so the bits are the fixed split's at every thread count and kernel width, tail rows
/// included.
/// </summary>
[Collection(SerialCollection.Name)]
public class ClaimedTrainingTests
{
    public static TheoryData<string, KernelWidth, int, int> Cases()
    {
        var cases = new TheoryData<string, KernelWidth, int, int>();
        // 130: ranges of 64 + 66 at 2 threads; 97: a 1-row tail (3 threads: blocks; 8: ranges whole); 400: dropout masks and pooling.
        foreach (string net in new[] { "wide", "update", "wide-output", "single-dense", "dropout", "first-layer", "inner-layer" })
            foreach (KernelWidth width in Enum.GetValues<KernelWidth>())
                foreach (int threads in new[] { 2, 3, 8 })
                    cases.Add(net, width, threads, net switch { "wide" => 130, "dropout" => 400, _ => 97 });
        return cases;
    }

    private static Model Create(string name) => name switch
    {
        "wide" => new WideNet(seed: 6),
        "update" => new UpdateNet(seed: 6),          // over 16 384 parameters: the fused update is split
        "wide-output" => new WideOutputNet(seed: 6), // a hidden layer and a split output weight gradient
        "dropout" => new DropoutNet(seed: 6),        // masks drawn per batch; max pooling
        "first-layer" => new FirstLayerSplitNet(seed: 6), // a first layer's weight gradient split after the ranges, its rows' update fused
        "inner-layer" => new InnerLayerSplitNet(seed: 6), // the same for a middle layer, whose dx the ranges still make
        _ => new WideSingleDenseNet(seed: 6),        // only a split weight gradient (no row ranges' work)
    };

    private static (float[] X, float[] Y) Data(Model net, int samples)
    {
        var random = new SeededRandom(13);
        float[] x = GradientCheckTests.RandomArray(random, samples * net.InputSize, 1);
        float[] y = net is WideNet or DropoutNet
            ? Enumerable.Range(0, samples).Select(i => (float)(i % net.OutputSize)).ToArray()
            : GradientCheckTests.RandomArray(random, samples * net.OutputSize, 1);
        return (x, y);
    }

    private static float[] Train(string name, KernelWidth width, int threads, int batch, bool claims)
    {
        Model net = Create(name);
        net.KernelWidth = width;
        net.Threads = threads;
        net.Compile(new Adam(), name is "wide" or "dropout" ? Loss.SparseCategoricalCrossEntropy : Loss.MeanSquaredError);
        var (x, y) = Data(net, 3 * batch);
        WorkerPool.Shared.ClaimsBlocks = claims;
        try
        {
            long claimed = WorkerPool.Shared.ClaimedRuns;
            float loss = net.ComputeGradients(x.AsSpan(0, batch * net.InputSize), y.AsSpan(0, batch * y.Length / (3 * batch)));
            float[] gradients = net.Gradients.ToArray();
            // Fit: shuffled rows gathered by the forward pass, the update fused into the backward pass.
            net.Fit(x, y, epochs: 2, batchSize: batch, verbose: 0, seed: 5);
            Assert.Equal(claims, WorkerPool.Shared.ClaimedRuns > claimed);
            return [loss, .. gradients, .. net.Parameters.ToArray()];
        }
        finally
        {
            WorkerPool.Shared.ClaimsBlocks = true;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_claimed_training_step_has_the_bits_of_the_fixed_split(string name, KernelWidth width, int threads, int batch)
    {
        float[] fixedSplit = Train(name, width, threads, batch, claims: false);
        float[] claimed = Train(name, width, threads, batch, claims: true);
        Assert.Equal(fixedSplit, claimed);
    }

    // The training forward pass is claimed in blocks of TrainingBlockRows rows that straddle the
    // backward pass's ranges (3 threads: ranges start at 132 and 264), so a cache relative to where a
    // forward call's rows start (as pooling winners once were) gives other gradients than the fixed
    // split, whose forward ranges are the backward's. Max pooling on the scalar and vector paths
    // with dropout, and stacked LSTMs (gates, cells, states).
    [Theory]
    [InlineData("dropout")]
    [InlineData("pool-vector")]
    [InlineData("lstm")]
    public void Forward_blocks_that_straddle_the_backward_ranges_give_the_fixed_split_bits(string name)
    {
        const int threads = 3, batch = 400;
        Assert.True(batch / WorkerPool.TrainingBlockRows >= 2 * threads);
        Assert.NotEqual(0, 132 % WorkerPool.TrainingBlockRows); // a block straddles the first range boundary
        float[] TrainStraddling(bool claims)
        {
            Model net = name switch
            {
                "dropout" => new DropoutNet(seed: 4),
                "pool-vector" => new PoolVectorNet(seed: 4),
                _ => new LstmRemainderNet(seed: 4),
            };
            net.Threads = threads;
            net.Compile(new Adam(), Loss.MeanSquaredError);
            var random = new SeededRandom(21);
            float[] x = GradientCheckTests.RandomArray(random, 2 * batch * net.InputSize, 1);
            float[] y = GradientCheckTests.RandomArray(random, 2 * batch * net.OutputSize, 1);
            WorkerPool.Shared.ClaimsBlocks = claims;
            try
            {
                long blocked = WorkerPool.Shared.TrainingForwardsInBlocks;
                net.Fit(x, y, epochs: 2, batchSize: batch, verbose: 0, seed: 3);
                Assert.Equal(claims, WorkerPool.Shared.TrainingForwardsInBlocks > blocked);
                return net.Parameters.ToArray();
            }
            finally
            {
                WorkerPool.Shared.ClaimsBlocks = true;
            }
        }
        Assert.Equal(TrainStraddling(claims: false), TrainStraddling(claims: true));
    }

    [Fact]
    public void A_claimed_training_step_allocates_nothing()
    {
        foreach (Model net in new Model[] { new WideNet(seed: 2) { Threads = 2 }, new WideSingleDenseNet(seed: 2) { Threads = 2 } })
        {
            net.Compile(new Adam(), net is WideNet ? Loss.SparseCategoricalCrossEntropy : Loss.MeanSquaredError);
            var (x, y) = Data(net, 128);
            net.TrainOnBatch(x, y);
            long claimed = WorkerPool.Shared.ClaimedRuns;
            Assert.Equal(0, Allocations.OfOneCall(() => net.TrainOnBatch(x, y)));
            Assert.True(WorkerPool.Shared.ClaimedRuns > claimed);
        }
    }

    // The same seed, data and thread count give the same bits run after run, whoever claims what.
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Claimed_training_is_reproducible(int threads)
    {
        float[] first = Train("update", KernelWidth.Widest, threads, 97, claims: true);
        for (int run = 0; run < 3; run++) Assert.Equal(first, Train("update", KernelWidth.Widest, threads, 97, claims: true));
    }
}
