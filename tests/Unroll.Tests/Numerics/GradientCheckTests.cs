using Unroll.Testing.Reference;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>
/// The generated float32 forward pass against the float64 reference interpreter, and the generated
/// backward pass against central finite differences of the reference loss (and the reference's own
/// tape gradient against the same differences), for every output activation × loss pair that makes
/// sense, every hidden activation, and the mixed-layer network.
/// </summary>
public class GradientCheckTests
{
    private static readonly Dictionary<string, (Func<Model> Create, NetworkCase Reference)> Networks = new()
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
        ["Mixed"] = (() => new MixedNet(seed: 10), DenseNetwork(4,
            new DenseCase(6, Activation.Linear, UseBias: false, L2: 0.01f),
            new ActivationCase(Activation.ReLU),
            new DenseCase(5, Activation.Tanh, UseBias: true, L2: 0.02f),
            new DenseCase(3, Activation.Linear, UseBias: true),
            new ActivationCase(Activation.Softmax))),
        ["Broad"] = (() => new BroadNet(seed: 12), DenseNetwork(6, new DenseCase(130, Activation.Tanh, UseBias: true), new DenseCase(3, Activation.Linear, UseBias: true))),
        ["Long"] = (() => new LongNet(seed: 11), DenseNetwork(300, new DenseCase(30, Activation.ReLU, UseBias: true), new DenseCase(4, Activation.Softmax, UseBias: true))),
        ["OddStepsSample"] = (() => new OddStepsSampleNet(seed: 13), DenseNetwork(7,
            new DenseCase(13, Activation.ReLU, UseBias: true), new DenseCase(20, Activation.Tanh, UseBias: true), new DenseCase(3, Activation.Softmax, UseBias: true))),
        ["WideRowSample"] = (() => new WideRowSampleNet(seed: 14), DenseNetwork(5,
            new DenseCase(24, Activation.Linear, UseBias: false), new DenseCase(16, Activation.Sigmoid, UseBias: true),
            new DenseCase(16, Activation.Linear, UseBias: true), new DenseCase(16, Activation.Linear, UseBias: true), new DenseCase(1, Activation.Sigmoid, UseBias: true))),
        ["HiddenRowDotSample"] = (() => new HiddenRowDotSampleNet(seed: 15), DenseNetwork(3,
            new DenseCase(40, Activation.ReLU, UseBias: true), new DenseCase(1, Activation.Sigmoid, UseBias: true))),
    };

    private static NetworkCase Stack(Activation hidden, Activation output)
        => DenseNetwork(4, new DenseCase(5, hidden, UseBias: true), new DenseCase(3, output, UseBias: true));

    /// <summary>The reference's description of a flat Dense/Activation stack: each layer's shape is its width. The loss is set per check.</summary>
    private static NetworkCase DenseNetwork(int inputs, params LayerCase[] layers)
    {
        var shapes = new int[layers.Length][];
        int width = inputs;
        for (int l = 0; l < layers.Length; l++)
        {
            width = layers[l] switch
            {
                DenseCase dense => dense.Units,
                ActivationCase => width,
                _ => throw new ArgumentException($"Expected a Dense or Activation layer in a flat stack, found {layers[l]}."),
            };
            shapes[l] = [width];
        }
        return new NetworkCase([inputs], layers, shapes, LossKind.MeanSquaredError, Batch: 0, Choices: []);
    }

    private static readonly Dictionary<string, LossKind> Losses = new()
    {
        ["mse"] = LossKind.MeanSquaredError,
        ["mae"] = LossKind.MeanAbsoluteError,
        ["bce"] = LossKind.BinaryCrossEntropy,
        ["cce"] = LossKind.CategoricalCrossEntropy,
        ["sparse"] = LossKind.SparseCategoricalCrossEntropy,
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
        (Func<Model> create, NetworkCase network) = Networks[networkName];
        NetworkCase withLoss = network with { Loss = Losses[lossName] };
        var reference = new ReferenceInterpreter(withLoss);
        Loss loss = withLoss.RuntimeLoss;
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
        ReferenceInterpreter.Result expected = reference.Run(parameters, x, y, batch, masks: null);
        Assert.Equal(expected.Loss, value, 1e-5 + 1e-5 * Math.Abs(expected.Loss));

        double[] numeric = CentralDifferences(reference, parameters, x, y, batch);
        float[] analytic = net.Gradients.ToArray();
        Assert.Equal(parameters.Length, analytic.Length);
        for (int i = 0; i < numeric.Length; i++)
        {
            double tolerance = 2e-5 + 2e-3 * Math.Abs(numeric[i]);
            Assert.True(Math.Abs(numeric[i] - analytic[i]) <= tolerance,
                $"{networkName}/{lossName}: parameter {i} ({Describe(net, i)}): analytic {analytic[i]:G6}, numeric {numeric[i]:G6}");
            // The oracle checks itself: its tape gradient agrees with its own finite differences.
            Assert.True(Math.Abs(numeric[i] - expected.Gradients[i]) <= tolerance,
                $"{networkName}/{lossName}: parameter {i} ({Describe(net, i)}): reference tape {expected.Gradients[i]:G6}, numeric {numeric[i]:G6}");
        }
    }

    /// <summary>Central differences, in float64, of the reference loss with respect to each parameter.</summary>
    private static double[] CentralDifferences(ReferenceInterpreter reference, double[] parameters, float[] x, float[] y, int batch, double h = 1e-6)
    {
        var gradient = new double[parameters.Length];
        var probe = (double[])parameters.Clone();
        for (int i = 0; i < parameters.Length; i++)
        {
            probe[i] = parameters[i] + h;
            double up = reference.Run(probe, x, y, batch, masks: null).Loss;
            probe[i] = parameters[i] - h;
            double down = reference.Run(probe, x, y, batch, masks: null).Loss;
            probe[i] = parameters[i];
            gradient[i] = (up - down) / (2 * h);
        }
        return gradient;
    }

    [Theory]
    [MemberData(nameof(NetworkNames))]
    public void Forward_matches_the_float64_reference(string networkName)
    {
        (Func<Model> create, NetworkCase network) = Networks[networkName];
        Model net = create();
        var random = new SeededRandom(7);
        const int batch = 5;
        float[] x = RandomArray(random, batch * net.InputSize, 2.0);
        float[] predicted = net.Predict(x);
        double[] expected = new ReferenceInterpreter(network).Run(net.Parameters.ToArray().Select(v => (double)v).ToArray(), x, labels: null, batch, masks: null).Outputs;
        Assert.Equal(batch * net.OutputSize, expected.Length);
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
