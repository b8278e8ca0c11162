using Unroll.Testing.Reference;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>
/// A long reduction over a column panel that is B's whole rows reads B in place instead of a packed
/// copy (generator: GemmEmitter): the outputs and gradients are the float64 reference's at every
/// width, and the claimed-block split of inference keeps the bits of one thread.
/// </summary>
[Collection(SerialCollection.Name)]
public class WholeRowPanelTests
{
    private const int Batch = 13; // three 4-row blocks and a single row

    public static TheoryData<string, KernelWidth> Cases()
    {
        var cases = new TheoryData<string, KernelWidth>();
        foreach (string net in new[] { "wide", "narrow" })
            foreach (KernelWidth width in new[] { KernelWidth.Widest, KernelWidth.Vector256, KernelWidth.Vector128, KernelWidth.Scalar })
                cases.Add(net, width);
        return cases;
    }

    private static Model Create(string name) => name == "wide" ? new WholeRowPanelNet(seed: 5) : new NarrowWholeRowPanelNet(seed: 5);

    private static (LayerCase[] Layers, int[][] Shapes) Describe(string name)
    {
        (int Units, Activation Activation)[] dense = name == "wide"
            ? [(64, Activation.ReLU), (300, Activation.Tanh), (24, Activation.Tanh), (3, Activation.Linear)]
            : [(16, Activation.Tanh), (260, Activation.Tanh), (12, Activation.Tanh), (2, Activation.Linear)];
        return ([.. dense.Select(d => (LayerCase)new DenseCase(d.Units, d.Activation, UseBias: true))], [.. dense.Select(d => new[] { d.Units })]);
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Outputs_and_gradients_are_the_float64_references(string name, KernelWidth width)
    {
        if (width != KernelWidth.Scalar) ScalarPathTests.SkipUnlessAccelerated(width);
        Model net = Create(name);
        net.KernelWidth = width;
        var random = new SeededRandom(23);
        for (int i = 0; i < net.Parameters.Length; i++) net.Parameters[i] += (float)(random.NextDouble() * 0.02 - 0.01); // biases off zero
        net.Compile(new Sgd(), Loss.MeanSquaredError);
        float[] x = GradientCheckTests.RandomArray(random, Batch * net.InputSize, 1.5);
        float[] y = GradientCheckTests.RandomArray(random, Batch * net.OutputSize, 1);

        float[] outputs = net.Predict(x);
        net.ComputeGradients(x, y);

        var (layers, shapes) = Describe(name);
        var reference = new ReferenceInterpreter(new NetworkCase([net.InputSize], layers, shapes, LossKind.MeanSquaredError, Batch: 0, Choices: []));
        ReferenceInterpreter.Result expected = reference.Run([.. net.Parameters.ToArray().Select(v => (double)v)], x, y, Batch, masks: null);
        AssertClose(expected.Outputs, outputs, "output");
        AssertClose(expected.Gradients, net.Gradients.ToArray(), "gradient");
    }

    private static void AssertClose(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs);
        Assert.True(scale > 0, $"every {what} is zero");
        for (int i = 0; i < actual.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * scale + 1e-4 * Math.Abs(expected[i]), $"{what} {i}: {actual[i]:G6} vs reference {expected[i]:G6}");
    }

    [Theory]
    [InlineData("wide", KernelWidth.Widest, 2)]
    [InlineData("wide", KernelWidth.Vector256, 3)]
    [InlineData("narrow", KernelWidth.Widest, 2)]
    [InlineData("narrow", KernelWidth.Vector128, 3)]
    public void Claimed_blocks_predict_the_bits_of_one_thread(string name, KernelWidth width, int threads)
    {
        const int rows = 530; // 32-row blocks the threads claim, each reading the panels in place
        Model net = Create(name);
        net.KernelWidth = width;
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(29), rows * net.InputSize, 1);
        net.Threads = 1;
        float[] one = net.Predict(x);
        net.Threads = threads;
        long claimed = WorkerPool.Shared.ClaimedRuns;
        float[] split = net.Predict(x);
        Assert.Equal(claimed + 1, WorkerPool.Shared.ClaimedRuns);
        Assert.Equal(one, split);
    }
}
