using Unroll.Testing.Reference;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>
/// A wide output layer's weight gradient is split across threads by its rows, each thread over the
/// whole batch, instead of summed per thread over its batch rows: it is the gradient of the float64
/// reference, and it has the bits of one thread whatever the thread count.
/// </summary>
[Collection(SerialCollection.Name)]
public class SplitWeightGradientTests
{
    private const int Batch = 64; // enough work per step to split

    private static Model Create(bool hidden) => hidden ? new WideOutputNet(seed: 3) : new WideSingleDenseNet(seed: 3);

    private static (float[] X, float[] Y) Data(Model net, int batch)
    {
        var random = new SeededRandom(17);
        return (GradientCheckTests.RandomArray(random, batch * net.InputSize, 1.5), GradientCheckTests.RandomArray(random, batch * net.OutputSize, 1));
    }

    [Theory]
    [InlineData(true, 1, KernelWidth.Widest)]
    [InlineData(true, 2, KernelWidth.Widest)]
    [InlineData(true, 1, KernelWidth.Scalar)]
    [InlineData(true, 3, KernelWidth.Scalar)]
    [InlineData(false, 2, KernelWidth.Widest)]
    [InlineData(false, 2, KernelWidth.Vector128)]
    public void The_gradient_is_the_float64_references(bool hidden, int threads, KernelWidth width)
    {
        Model net = Create(hidden);
        net.Threads = threads;
        net.KernelWidth = width;
        var random = new SeededRandom(42);
        for (int i = 0; i < net.Parameters.Length; i++) net.Parameters[i] += (float)(random.NextDouble() * 0.02 - 0.01); // biases off zero
        net.Compile(new Sgd(), Loss.MeanSquaredError);
        var (x, y) = Data(net, Batch);
        long runs = WorkerPool.Shared.Runs;

        net.ComputeGradients(x, y);

        Assert.Equal(threads > 1, WorkerPool.Shared.Runs > runs);
        LayerCase[] layers = hidden
            ? [new DenseCase(602, Activation.Tanh, UseBias: true), new DenseCase(450, Activation.Linear, UseBias: true)]
            : [new DenseCase(450, Activation.Linear, UseBias: true)];
        int[][] shapes = hidden ? [[602], [450]] : [[450]];
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
    // the split layer's kernel and bias gradients keep one thread's bits; the layer below is still
    // summed per range (equal up to rounding).
    [Theory]
    [InlineData(true, 2)]
    [InlineData(true, 3)]
    [InlineData(false, 2)]
    [InlineData(false, 8)]
    public void The_split_weight_gradient_has_the_bits_of_one_thread(bool hidden, int threads)
    {
        Model net = Create(hidden);
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
        Assert.Equal((602, 450), (rows, columns));
        int layerEnd = offset + rows * columns + columns; // kernel, then bias
        Assert.Equal(one.AsSpan(offset, layerEnd - offset).ToArray(), split.AsSpan(offset, layerEnd - offset).ToArray());
        for (int i = 0; i < offset; i++)
            Assert.True(Math.Abs(split[i] - one[i]) <= 1e-6f + 1e-5f * Math.Abs(one[i]), $"gradient {i}: {split[i]} vs {one[i]}");
    }

    [Fact]
    public void Networks_without_a_wide_output_layer_split_only_the_batch()
    {
        Assert.Equal(0, new WideNet(seed: 1).SplitWeightGradient.Rows);
        Assert.Equal(0, new UpdateNet(seed: 1).SplitWeightGradient.Rows);
    }

    [Fact]
    public void Training_is_reproducible_and_allocates_nothing()
    {
        float[] Train()
        {
            var net = new WideOutputNet(seed: 4) { Threads = 2 };
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
