using Unroll.Tests.Networks;
using Unroll.Tests.Reference;

namespace Unroll.Tests.Numerics;

/// <summary>
/// The generated float32 forward pass against the float64 reference, and the generated backward
/// pass against central finite differences of the reference loss, for every output activation
/// × loss pair that makes sense, every hidden activation, and the mixed-layer network.
/// </summary>
public class GradientCheckTests
{
    private static readonly Dictionary<string, (Func<Model> Create, ReferenceNetwork Reference)> Networks = new()
    {
        ["OutLinear"] = (() => new OutLinearNet(seed: 1), Stack(Activation.Tanh, Activation.Linear)),
        ["OutRelu"] = (() => new OutReluNet(seed: 2), Stack(Activation.Tanh, Activation.ReLU)),
        ["OutSigmoid"] = (() => new OutSigmoidNet(seed: 3), Stack(Activation.Tanh, Activation.Sigmoid)),
        ["OutTanh"] = (() => new OutTanhNet(seed: 4), Stack(Activation.Tanh, Activation.Tanh)),
        ["OutSoftmax"] = (() => new OutSoftmaxNet(seed: 5), Stack(Activation.Tanh, Activation.Softmax)),
        ["HiddenLinear"] = (() => new HiddenLinearNet(seed: 6), Stack(Activation.Linear, Activation.Linear)),
        ["HiddenRelu"] = (() => new HiddenReluNet(seed: 7), Stack(Activation.ReLU, Activation.Linear)),
        ["HiddenSigmoid"] = (() => new HiddenSigmoidNet(seed: 8), Stack(Activation.Sigmoid, Activation.Linear)),
        ["HiddenSoftmax"] = (() => new HiddenSoftmaxNet(seed: 9), Stack(Activation.Softmax, Activation.Linear)),
        ["Mixed"] = (() => new MixedNet(seed: 10), new ReferenceNetwork(
            ReferenceLayer.Of(4, 6, useBias: false, l2: 0.01),
            ReferenceLayer.ActivationOnly(6, Activation.ReLU),
            ReferenceLayer.Of(6, 5, Activation.Tanh, l2: 0.02),
            ReferenceLayer.Of(5, 3),
            ReferenceLayer.ActivationOnly(3, Activation.Softmax))),
        ["Broad"] = (() => new BroadNet(seed: 12), new ReferenceNetwork(ReferenceLayer.Of(6, 130, Activation.Tanh), ReferenceLayer.Of(130, 3))),
        ["Long"] = (() => new LongNet(seed: 11), new ReferenceNetwork(ReferenceLayer.Of(300, 30, Activation.ReLU), ReferenceLayer.Of(30, 4, Activation.Softmax))),
    };

    private static ReferenceNetwork Stack(Activation hidden, Activation output)
        => new(ReferenceLayer.Of(4, 5, hidden), ReferenceLayer.Of(5, 3, output));

    private static readonly Dictionary<string, Loss> Losses = new()
    {
        ["mse"] = Loss.MeanSquaredError,
        ["mae"] = Loss.MeanAbsoluteError,
        ["bce"] = Loss.BinaryCrossEntropy,
        ["cce"] = Loss.CategoricalCrossEntropy,
        ["sparse"] = Loss.SparseCategoricalCrossEntropy,
    };

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        // Regression losses on every output activation and every hidden activation.
        foreach (string net in Networks.Keys.Where(n => n != "Long")) // Long: forward and scalar-path tests only (9 154 parameters)
            foreach (string loss in new[] { "mse", "mae" })
                data.Add(net, loss);
        // Probabilistic losses on the outputs that produce probabilities (fused and unfused paths).
        foreach (string net in new[] { "OutSigmoid", "OutSoftmax", "Mixed" })
            foreach (string loss in new[] { "bce", "cce", "sparse" })
                data.Add(net, loss);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Gradient_matches_finite_differences_of_the_float64_reference(string networkName, string lossName)
    {
        (Func<Model> create, ReferenceNetwork reference) = Networks[networkName];
        Loss loss = Losses[lossName];
        Model net = create();
        // Move biases off zero so they matter.
        var random = new SeededRandom(42);
        for (int i = 0; i < net.Parameters.Length; i++) net.Parameters[i] += (float)(random.NextDouble() * 0.2 - 0.1);
        const int batch = 6; // one 4-row block and two single rows
        float[] x = RandomArray(random, batch * net.InputSize, 1.5);
        float[] y = Labels(random, loss, batch, net.OutputSize);
        net.Compile(new Sgd(), loss);

        float value = net.ComputeGradients(x, y);

        double[] parameters = net.Parameters.ToArray().Select(v => (double)v).ToArray();
        double[] xd = x.Select(v => (double)v).ToArray(), yd = y.Select(v => (double)v).ToArray();
        double expectedLoss = reference.Loss(parameters, xd, yd, batch, loss);
        Assert.Equal(expectedLoss, value, 1e-5 + 1e-5 * Math.Abs(expectedLoss));

        double[] numeric = reference.NumericGradient(parameters, xd, yd, batch, loss);
        float[] analytic = net.Gradients.ToArray();
        Assert.Equal(reference.ParameterCount, analytic.Length);
        for (int i = 0; i < numeric.Length; i++)
        {
            double tolerance = 2e-5 + 2e-3 * Math.Abs(numeric[i]);
            Assert.True(Math.Abs(numeric[i] - analytic[i]) <= tolerance,
                $"{networkName}/{lossName}: parameter {i} ({Describe(net, i)}): analytic {analytic[i]:G6}, numeric {numeric[i]:G6}");
        }
    }

    [Theory]
    [MemberData(nameof(NetworkNames))]
    public void Forward_matches_the_float64_reference(string networkName)
    {
        (Func<Model> create, ReferenceNetwork reference) = Networks[networkName];
        Model net = create();
        var random = new SeededRandom(7);
        const int batch = 5;
        float[] x = RandomArray(random, batch * net.InputSize, 2.0);
        float[] predicted = net.Predict(x);
        double[] expected = reference.Forward(net.Parameters.ToArray().Select(v => (double)v).ToArray(), x.Select(v => (double)v).ToArray(), batch);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], predicted[i], 1e-5);

        // The single-sample latency path computes the same outputs as the batched kernels.
        var one = new float[net.OutputSize];
        for (int sample = 0; sample < batch; sample++)
        {
            net.Predict(x.AsSpan(sample * net.InputSize, net.InputSize), one);
            for (int j = 0; j < one.Length; j++)
                Assert.Equal(expected[sample * net.OutputSize + j], one[j], 1e-5);
        }
    }

    public static TheoryData<string> NetworkNames() => new(Networks.Keys);

    [Fact]
    public void Wide_network_single_sample_and_batch_paths_agree()
    {
        // Exercises the blocked rows, the single-row remainder, the split reduction and the tails.
        var net = new WideNet(seed: 11);
        var random = new SeededRandom(12);
        const int batch = 7;
        float[] x = RandomArray(random, batch * net.InputSize, 1.0);
        float[] all = net.Predict(x);
        var one = new float[net.OutputSize];
        for (int sample = 0; sample < batch; sample++)
        {
            net.Predict(x.AsSpan(sample * net.InputSize, net.InputSize), one);
            for (int j = 0; j < one.Length; j++)
                Assert.Equal(all[sample * net.OutputSize + j], one[j], 1e-5f);
        }
    }

    private static string Describe(Model net, int index)
        => net.ParameterTensors.Last(t => t.Offset <= index) is var t ? $"{t.Name}[{index - t.Offset}]" : "";

    internal static float[] RandomArray(SeededRandom random, int length, double scale)
        => Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();

    private static float[] Labels(SeededRandom random, Loss loss, int batch, int units) => loss.Name switch
    {
        "sparse_categorical_crossentropy" => Enumerable.Range(0, batch).Select(_ => (float)random.NextInt(units)).ToArray(),
        "binary_crossentropy" => Enumerable.Range(0, batch * units).Select(_ => (float)random.NextInt(2)).ToArray(),
        "categorical_crossentropy" => Enumerable.Range(0, batch).SelectMany(_ =>
        {
            int hot = random.NextInt(units);
            return Enumerable.Range(0, units).Select(j => j == hot ? 1f : 0f);
        }).ToArray(),
        _ => RandomArray(random, batch * units, 1.0),
    };
}
