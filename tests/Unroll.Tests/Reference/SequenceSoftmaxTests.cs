using System.Text.Json;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Reference;

/// <summary>
/// Softmax outputs with several positions per sample, (B, 2, 2) and a (B, 6, 3) tagger: softmax,
/// the cross-entropies and accuracy act on each row of the last axis and the loss is the mean over
/// every position, as in Keras. Checked against float64 PyTorch values
/// (tests/reference/make_sequence_softmax_reference.py) and against central differences of the
/// network's own loss.
/// </summary>
public class SequenceSoftmaxTests
{
    private static readonly JsonElement Root = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sequence_softmax_reference.json"))).RootElement;

    private static readonly Dictionary<string, Func<Model>> Networks = new()
    {
        ["rows"] = () => new SoftmaxRowsNet(seed: 1),
        ["tagger"] = () => new SequenceTaggerNet(seed: 1),
    };

    public static TheoryData<string> CaseNames() => new(Root.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));

    [Fact]
    public void The_class_axis_is_the_last_axis_of_the_output()
    {
        Assert.Equal([2, 2], new SoftmaxRowsNet().OutputShape);
        Assert.Equal(2, new SoftmaxRowsNet().OutputClasses);
        Assert.Equal([6, 3], new SequenceTaggerNet().OutputShape);
        Assert.Equal(3, new SequenceTaggerNet().OutputClasses);
        Assert.Equal([1], new PimaNet().OutputShape);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Outputs_loss_gradients_and_accuracy_match_pytorch(string name)
    {
        (JsonElement c, Model net, float[] x, float[] y) = Load(name);
        AssertClose(Floats(c, "output"), net.Predict(x), $"{name} output");
        float loss = net.ComputeGradients(x, y);
        Assert.Equal(c.GetProperty("loss_value").GetDouble(), loss, 1e-5);
        AssertClose(Floats(c, "gradients"), net.Gradients.ToArray(), $"{name} gradient");

        Evaluation score = net.Evaluate(x, y);
        Assert.Equal(c.GetProperty("loss_value").GetDouble(), score.Loss, 1e-5);
        Assert.Equal(c.GetProperty("accuracy").GetDouble(), score["accuracy"], 1e-6);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Gradients_match_central_differences_of_the_loss(string name)
    {
        (_, Model net, float[] x, float[] y) = Load(name);
        net.ComputeGradients(x, y);
        float[] analytic = net.Gradients.ToArray();
        const float h = 1e-2f;
        for (int i = 0; i < analytic.Length; i++)
        {
            float saved = net.Parameters[i];
            net.Parameters[i] = saved + h;
            double up = net.ComputeGradients(x, y);
            net.Parameters[i] = saved - h;
            double down = net.ComputeGradients(x, y);
            net.Parameters[i] = saved;
            double numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-3 + 2e-2 * Math.Abs(numeric),
                $"{name} parameter {i}: central difference {numeric:G6}, gradient {analytic[i]:G6}");
        }
    }

    [Fact]
    public void Sparse_labels_are_one_class_id_per_position()
    {
        var net = new SequenceTaggerNet(seed: 2);
        net.Compile(new Sgd(), Loss.SparseCategoricalCrossEntropy);
        float[] x = [0, 1, 2, 3, 4, 5];
        var e = Assert.Throws<ArgumentException>(() => net.ComputeGradients(x, [1f]));
        Assert.Contains("6 label values", e.Message);
        e = Assert.Throws<ArgumentException>(() => net.ComputeGradients(x, [0, 1, 2, 0, 1, 3]));
        Assert.Contains("sample 0, position 5", e.Message);
        Assert.Contains("[0, 3)", e.Message);
    }

    private static (JsonElement Case, Model Net, float[] X, float[] Y) Load(string name)
    {
        JsonElement c = Root.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        Model net = Networks[name.Split('_')[0]]();
        Assert.Equal(c.GetProperty("classes").GetInt32(), net.OutputClasses);
        Assert.Equal(c.GetProperty("positions").GetInt32() * net.OutputClasses, net.OutputSize);
        float[] parameters = Floats(c, "params");
        Assert.Equal(parameters.Length, net.ParameterCount);
        parameters.CopyTo(net.Parameters);
        Loss loss = c.GetProperty("loss").GetString() == "sparse_categorical_crossentropy" ? Loss.SparseCategoricalCrossEntropy : Loss.CategoricalCrossEntropy;
        net.Compile(new Sgd(), loss, Metric.Accuracy);
        return (c, net, Floats(c, "x"), Floats(c, "y"));
    }

    private static float[] Floats(JsonElement element, string property)
        => element.GetProperty(property).EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * (1 + Math.Abs(expected[i])),
                $"{what}[{i}]: expected {expected[i]:G9}, got {actual[i]:G9}");
    }
}
