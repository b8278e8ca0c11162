using Unroll.Testing.Reference;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>
/// A wide output layer's weight gradient, or a large other layer's (first or middle), is split across
/// threads by its rows, each thread over the whole batch, instead of summed per thread over its batch rows: it is
/// the gradient of the float64 reference, and it has the bits of one thread whatever the thread count.
/// </summary>
[Collection(SerialCollection.Name)]
public class SplitWeightGradientTests
{
    private const int Batch = 64; // enough work per step to split

    // "hidden": a wide output layer over a hidden one; "single": a wide only layer; "first": a large
    // first layer; "inner": a large middle layer (its dx still made by the ranges).
    private static Model Create(string name) => name switch
    {
        "hidden" => new WideOutputNet(seed: 3),
        "single" => new WideSingleDenseNet(seed: 3),
        "first" => new FirstLayerSplitNet(seed: 3),
        _ => new InnerLayerSplitNet(seed: 3),
    };

    private static (float[] X, float[] Y) Data(Model net, int batch)
    {
        var random = new SeededRandom(17);
        return (GradientCheckTests.RandomArray(random, batch * net.InputSize, 1.5), GradientCheckTests.RandomArray(random, batch * net.OutputSize, 1));
    }

    [Theory]
    [InlineData("hidden", 1, KernelWidth.Widest)]
    [InlineData("hidden", 2, KernelWidth.Widest)]
    [InlineData("hidden", 1, KernelWidth.Scalar)]
    [InlineData("hidden", 3, KernelWidth.Scalar)]
    [InlineData("single", 2, KernelWidth.Widest)]
    [InlineData("single", 2, KernelWidth.Vector128)]
    [InlineData("first", 1, KernelWidth.Widest)]
    [InlineData("first", 2, KernelWidth.Widest)]
    [InlineData("first", 3, KernelWidth.Vector256)]
    [InlineData("first", 2, KernelWidth.Scalar)]
    [InlineData("inner", 1, KernelWidth.Widest)]
    [InlineData("inner", 2, KernelWidth.Widest)]
    [InlineData("inner", 3, KernelWidth.Vector128)]
    [InlineData("inner", 2, KernelWidth.Scalar)]
    public void The_gradient_is_the_float64_references(string name, int threads, KernelWidth width)
    {
        Model net = Create(name);
        net.Threads = threads;
        net.KernelWidth = width;
        var random = new SeededRandom(42);
        for (int i = 0; i < net.Parameters.Length; i++) net.Parameters[i] += (float)(random.NextDouble() * 0.02 - 0.01); // biases off zero
        net.Compile(new Sgd(), Loss.MeanSquaredError);
        var (x, y) = Data(net, Batch);
        long runs = WorkerPool.Shared.Runs;

        net.ComputeGradients(x, y);

        Assert.Equal(threads > 1, WorkerPool.Shared.Runs > runs);
        LayerCase[] layers = name switch
        {
            "hidden" => [new DenseCase(602, Activation.Tanh, UseBias: true), new DenseCase(450, Activation.Linear, UseBias: true)],
            "single" => [new DenseCase(450, Activation.Linear, UseBias: true)],
            "first" => [new DenseCase(510, Activation.Tanh, UseBias: true), new DenseCase(7, Activation.Linear, UseBias: true)],
            _ => [new DenseCase(1030, Activation.Tanh, UseBias: true), new DenseCase(510, Activation.ReLU, UseBias: true), new DenseCase(7, Activation.Linear, UseBias: true)],
        };
        int[][] shapes = name switch { "hidden" => [[602], [450]], "single" => [[450]], "first" => [[510], [7]], _ => [[1030], [510], [7]] };
        var reference = new ReferenceInterpreter(new NetworkCase([net.InputSize], layers, shapes, LossKind.MeanSquaredError, Batch: 0, Choices: []));
        double[] parameters = net.Parameters.ToArray().Select(v => (double)v).ToArray();
        double[] expected = reference.Run(parameters, x, y, Batch, masks: null).Gradients;
        float[] actual = net.Gradients.ToArray();
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < actual.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * scale + 1e-4 * Math.Abs(expected[i]), $"gradient {i}: {actual[i]:G6} vs reference {expected[i]:G6}");
    }

    // Each thread's rows of dW are reduced over the whole batch in the order one thread takes, so
    // the split layer's kernel and bias gradients keep one thread's bits; the other layers are still
    // summed per range (equal up to rounding). A first or middle layer's parts read g that every
    // range wrote: a part that started before the last range was done would miss some of it.
    [Theory]
    [InlineData("hidden", 2)]
    [InlineData("hidden", 3)]
    [InlineData("single", 2)]
    [InlineData("single", 8)]
    [InlineData("first", 2)]
    [InlineData("first", 3)]
    [InlineData("first", 8)]
    [InlineData("inner", 2)]
    [InlineData("inner", 3)]
    [InlineData("inner", 8)]
    public void The_split_weight_gradient_has_the_bits_of_one_thread(string name, int threads)
    {
        Model net = Create(name);
        net.Compile(new Sgd(), Loss.MeanSquaredError);
        var (x, y) = Data(net, Batch);
        net.Threads = 1;
        net.ComputeGradients(x, y);
        float[] one = net.Gradients.ToArray();

        net.Threads = threads;
        long runs = WorkerPool.Shared.Runs;
        net.ComputeGradients(x, y);
        float[] split = net.Gradients.ToArray();

        Assert.Equal(runs + 2, WorkerPool.Shared.Runs);
        (int offset, int rows, int columns) = net.SplitWeightGradient;
        Assert.Equal(name switch { "first" => (0, 1030, 510), "inner" => (13 * 1030 + 1030, 1030, 510), _ => (offset, 602, 450) }, (offset, rows, columns));
        Assert.Equal(name is "first" or "inner", net.SplitWeightGradientWaitsForRanges);
        int layerEnd = offset + rows * columns + columns; // kernel, then bias
        Assert.Equal(one.AsSpan(offset, layerEnd - offset).ToArray(), split.AsSpan(offset, layerEnd - offset).ToArray());
        for (int i = 0; i < one.Length; i++)
            if (i < offset || i >= layerEnd)
                Assert.True(Math.Abs(split[i] - one[i]) <= 1e-6f + 1e-5f * Math.Abs(one[i]), $"gradient {i}: {split[i]} vs {one[i]}");
    }

    // The split rows get their optimizer step from the part that computed them (the sum's slices
    // skip them): Fit on two threads (the update fused into the backward job) gives the bits of
    // TrainOnBatch (a separate update job after it) on the same batches.
    [Theory]
    [InlineData("first")]
    [InlineData("inner")]
    [InlineData("hidden")]
    public void A_fused_update_of_the_split_rows_is_the_separate_update(string name)
    {
        float[] Train(bool fused)
        {
            Model net = Create(name);
            net.Threads = 2;
            net.Compile(new Adam(), Loss.MeanSquaredError);
            var (x, y) = Data(net, Batch);
            if (fused) net.Fit(x, y, epochs: 3, batchSize: Batch, verbose: 0, shuffle: false);
            else
                for (int step = 0; step < 3; step++) net.TrainOnBatch(x, y);
            return net.Parameters.ToArray();
        }
        Assert.Equal(Train(fused: false), Train(fused: true));
    }

    [Fact]
    public void Networks_without_a_wide_output_layer_or_a_large_other_layer_split_only_the_batch()
    {
        Assert.Equal(0, new WideNet(seed: 1).SplitWeightGradient.Rows);
        Assert.Equal(0, new UpdateNet(seed: 1).SplitWeightGradient.Rows); // a first layer of 200 × 100: under 2^19
    }

    [Theory]
    [InlineData("hidden")]
    [InlineData("first")]
    [InlineData("inner")]
    public void Training_is_reproducible_and_allocates_nothing(string name)
    {
        float[] Train()
        {
            Model net = Create(name);
            net.Threads = 2;
            net.Compile(new Adam(), Loss.MeanSquaredError);
            var (x, y) = Data(net, 256);
            net.Fit(x, y, epochs: 1, batchSize: Batch, verbose: 0, seed: 2);
            var (bx, by) = Data(net, Batch);
            Assert.Equal(0, Allocations.OfOneCall(() => net.TrainOnBatch(bx, by)));
            return net.Parameters.ToArray();
        }
        Assert.Equal(Train(), Train());
    }
}
