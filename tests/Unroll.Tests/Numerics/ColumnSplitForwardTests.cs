using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>
/// A network whose only layer is a wide Dense splits its forward pass across threads by output
/// columns, each thread over the whole batch: the predictions are the float64 reference's, and
/// they have the bits of one thread whatever the thread count and kernel width.
/// </summary>
[Collection(SerialCollection.Name)]
public class ColumnSplitForwardTests
{
    private const int Batch = 66; // 16 blocks of 4 rows and 2 single rows

    private static Model Create(bool relu)
    {
        Model net = relu ? new WideReluNet(seed: 5) : new WideSingleDenseNet(seed: 5);
        var random = new SeededRandom(42);
        for (int i = 0; i < net.Parameters.Length; i++) net.Parameters[i] += (float)(random.NextDouble() * 0.02 - 0.01); // biases off zero
        return net;
    }

    private static float[] Inputs(Model net, int batch)
        => GradientCheckTests.RandomArray(new SeededRandom(17), batch * net.InputSize, 1.5);

    private static float[] Predict(Model net, float[] x, int threads, KernelWidth width)
    {
        net.Threads = threads;
        net.KernelWidth = width;
        var output = new float[Batch * net.OutputSize];
        long runs = WorkerPool.Shared.Runs;
        net.Predict(x, output);
        Assert.Equal(threads > 1 ? runs + 1 : runs, WorkerPool.Shared.Runs);
        return output;
    }

    [Theory]
    [InlineData(false, 1, KernelWidth.Widest)]
    [InlineData(false, 2, KernelWidth.Widest)]
    [InlineData(false, 3, KernelWidth.Vector256)]
    [InlineData(false, 2, KernelWidth.Scalar)]
    [InlineData(true, 2, KernelWidth.Widest)]
    [InlineData(true, 3, KernelWidth.Vector128)]
    [InlineData(true, 8, KernelWidth.Scalar)]
    public void The_predictions_are_the_float64_references(bool relu, int threads, KernelWidth width)
    {
        Model net = Create(relu);
        float[] x = Inputs(net, Batch);
        float[] actual = Predict(net, x, threads, width);

        int inputs = net.InputSize, units = net.OutputSize;
        float[] p = net.Parameters.ToArray();
        for (int s = 0; s < Batch; s++)
            for (int j = 0; j < units; j++)
            {
                double z = relu ? 0 : p[inputs * units + j];
                for (int k = 0; k < inputs; k++) z += (double)x[s * inputs + k] * p[k * units + j];
                double expected = relu ? Math.Max(z, 0) : z;
                float value = actual[s * units + j];
                Assert.True(Math.Abs(expected - value) <= 1e-5 + 1e-5 * Math.Abs(expected), $"sample {s} unit {j}: {value:G9} vs reference {expected:G9}");
            }
    }

    // Each column is computed by the code and in the order that computes it on one thread.
    [Theory]
    [InlineData(false, KernelWidth.Widest)]
    [InlineData(false, KernelWidth.Vector256)]
    [InlineData(false, KernelWidth.Vector128)]
    [InlineData(false, KernelWidth.Scalar)]
    [InlineData(true, KernelWidth.Widest)]
    [InlineData(true, KernelWidth.Vector256)]
    [InlineData(true, KernelWidth.Vector128)]
    [InlineData(true, KernelWidth.Scalar)]
    public void Split_predictions_have_the_bits_of_one_thread(bool relu, KernelWidth width)
    {
        Model net = Create(relu);
        float[] x = Inputs(net, Batch);
        float[] one = Predict(net, x, 1, width);
        foreach (int threads in new[] { 2, 3, 8 })
            Assert.Equal(one, Predict(net, x, threads, width));
    }

    // The parts are claimed (4 per thread, most of them empty at 8 threads): each column still comes
    // from the code that computes it in the whole product, so the bits are those of the fixed halves.
    [Theory]
    [InlineData(false, KernelWidth.Widest)]
    [InlineData(false, KernelWidth.Vector256)]
    [InlineData(false, KernelWidth.Vector128)]
    [InlineData(false, KernelWidth.Scalar)]
    [InlineData(true, KernelWidth.Widest)]
    [InlineData(true, KernelWidth.Vector128)]
    public void Claimed_column_parts_have_the_bits_of_the_fixed_split(bool relu, KernelWidth width)
    {
        Model net = Create(relu);
        float[] x = Inputs(net, Batch);
        foreach (int threads in new[] { 2, 3, 8 })
        {
            WorkerPool.Shared.ClaimsBlocks = false;
            float[] fixedSplit;
            long claimed = WorkerPool.Shared.ClaimedRuns;
            try
            {
                fixedSplit = Predict(net, x, threads, width);
            }
            finally
            {
                WorkerPool.Shared.ClaimsBlocks = true;
            }
            Assert.Equal(claimed, WorkerPool.Shared.ClaimedRuns);
            float[] parts = Predict(net, x, threads, width);
            Assert.Equal(claimed + 1, WorkerPool.Shared.ClaimedRuns);
            Assert.Equal(fixedSplit, parts);
        }
    }

    [Fact]
    public void Only_a_wide_only_layer_splits_by_columns()
    {
        Assert.True(new WideSingleDenseNet(seed: 1).SplitsForwardByColumns);
        Assert.True(new WideReluNet(seed: 1).SplitsForwardByColumns);
        Assert.False(new WideOutputNet(seed: 1).SplitsForwardByColumns); // a layer below it
        Assert.False(new WideNet(seed: 1).SplitsForwardByColumns);
        Assert.False(new UpdateNet(seed: 1).SplitsForwardByColumns);
    }

    [Fact]
    public void A_split_prediction_allocates_nothing()
    {
        Model net = Create(relu: true);
        net.Threads = 2;
        float[] x = Inputs(net, Batch);
        var output = new float[Batch * net.OutputSize];
        net.Predict(x, output);
        long runs = WorkerPool.Shared.Runs, claimed = WorkerPool.Shared.ClaimedRuns;
        Assert.Equal(0, Allocations.OfOneCall(() => net.Predict(x, output)));
        Assert.True(WorkerPool.Shared.Runs > runs);
        Assert.True(WorkerPool.Shared.ClaimedRuns > claimed);
    }
}
