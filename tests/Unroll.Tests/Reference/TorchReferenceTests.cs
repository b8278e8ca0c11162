using System.Text.Json;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Reference;

/// <summary>
/// Forward outputs, losses, gradients and optimizer steps against values computed independently
/// in float64 with PyTorch by tests/reference/make_reference.py (fixture:
/// Fixtures/dense_reference.json). Unroll computes in float32, hence the tolerances.
/// </summary>
public class TorchReferenceTests
{
    private static readonly JsonElement Root = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "dense_reference.json"))).RootElement;

    private static readonly Dictionary<string, Func<Model>> Networks = new()
    {
        ["hidden_linear_mse"] = () => new HiddenLinearNet(),
        ["hidden_relu_mse"] = () => new HiddenReluNet(),
        ["hidden_sigmoid_mse"] = () => new HiddenSigmoidNet(),
        ["hidden_tanh_mse"] = () => new OutLinearNet(),
        ["hidden_softmax_mse"] = () => new HiddenSoftmaxNet(),
        ["out_linear_mae"] = () => new OutLinearNet(),
        ["out_sigmoid_bce1"] = () => new ReluSigmoidOneNet(),
        ["out_sigmoid_bce3"] = () => new OutSigmoidNet(),
        ["out_softmax_cce"] = () => new OutSoftmaxNet(),
        ["out_softmax_sparse"] = () => new ReluSoftmaxNet(),
        ["out_tanh_mse"] = () => new SigmoidTanhNet(),
        ["out_relu_mse"] = () => new OutReluNet(),
    };

    public static TheoryData<string> CaseNames() => new(Root.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));

    public static TheoryData<string> OptimizerNames() => new(Root.GetProperty("optimizers").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));

    [Fact]
    public void Every_fixture_case_has_a_network()
        => Assert.All(Root.GetProperty("cases").EnumerateArray(), c => Assert.Contains(c.GetProperty("name").GetString()!, Networks.Keys));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Forward_loss_and_gradients_match_pytorch(string name)
    {
        JsonElement c = Root.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        Model net = Networks[name]();
        Assert.Equal(c.GetProperty("units").GetInt32(), net.OutputSize);
        Floats(c, "params").CopyTo(net.Parameters);
        net.Compile(new Sgd(), LossNamed(c.GetProperty("loss").GetString()!));
        float[] x = Floats(c, "x"), y = Floats(c, "y");

        AssertClose(Floats(c, "output"), net.Predict(x), 1e-5, "output");
        float loss = net.ComputeGradients(x, y);
        Assert.Equal(c.GetProperty("loss_value").GetDouble(), loss, 1e-5);
        AssertClose(Floats(c, "gradients"), net.Gradients.ToArray(), 1e-5, "gradient");
    }

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void Two_optimizer_steps_match_the_reference(string name)
    {
        JsonElement c = Root.GetProperty("optimizers").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        JsonElement config = c.GetProperty("config");
        float Get(string key, float fallback) => config.TryGetProperty(key, out JsonElement v) ? (float)v.GetDouble() : fallback;
        Optimizer optimizer = c.GetProperty("optimizer").GetString() switch
        {
            "sgd" => new Sgd(Get("learning_rate", 0.01f), Get("momentum", 0f), config.TryGetProperty("nesterov", out JsonElement n) && n.GetBoolean(), Get("decay", 0f)),
            "adam" => new Adam(Get("learning_rate", 1e-3f), Get("beta_1", 0.9f), Get("beta_2", 0.999f), Get("epsilon", 1e-7f)),
            "rmsprop" => new RmsProp(Get("learning_rate", 1e-3f), Get("rho", 0.9f), Get("epsilon", 1e-7f)),
            "adagrad" => new Adagrad(Get("learning_rate", 1e-3f), Get("initial_accumulator_value", 0.1f), Get("epsilon", 1e-7f)),
            "adadelta" => new Adadelta(Get("learning_rate", 1e-3f), Get("rho", 0.95f), Get("epsilon", 1e-7f)),
            var other => throw new InvalidOperationException(other),
        };
        float[] parameters = Floats(c, "params");
        optimizer.Build(parameters.Length);
        JsonElement[] gradients = c.GetProperty("gradients").EnumerateArray().ToArray();
        JsonElement[] expected = c.GetProperty("expected").EnumerateArray().ToArray();
        for (int step = 0; step < gradients.Length; step++)
        {
            optimizer.Apply(parameters, gradients[step].EnumerateArray().Select(v => (float)v.GetDouble()).ToArray());
            AssertClose(expected[step].EnumerateArray().Select(v => (float)v.GetDouble()).ToArray(), parameters, 1e-6, $"{name} step {step + 1}");
        }
    }

    private static Loss LossNamed(string name) => name switch
    {
        "mse" => Loss.MeanSquaredError,
        "mae" => Loss.MeanAbsoluteError,
        "binary_crossentropy" => Loss.BinaryCrossEntropy,
        "categorical_crossentropy" => Loss.CategoricalCrossEntropy,
        "sparse_categorical_crossentropy" => Loss.SparseCategoricalCrossEntropy,
        _ => throw new ArgumentException(name),
    };

    private static float[] Floats(JsonElement element, string property)
        => element.GetProperty(property).EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

    private static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])),
                $"{what}[{i}]: expected {expected[i]:G9}, got {actual[i]:G9}");
    }
}
