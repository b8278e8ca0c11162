using System.Text.Json;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Reference;

/// <summary>
/// LSTM (last step, all steps, stacked) and Embedding networks against float64 PyTorch values from
/// tests/reference/make_lstm_reference.py, which maps Keras's layout (kernel, recurrent kernel, one
/// bias; gates i, f, c, o) onto torch.nn.LSTM explicitly: outputs, loss and every gradient.
/// </summary>
public class LstmReferenceTests
{
    private static readonly JsonElement Root = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "lstm_reference.json"))).RootElement;

    private static readonly Dictionary<string, Func<Model>> Networks = new()
    {
        ["lstm_last"] = () => new LstmLastNet(),
        ["lstm_sequences"] = () => new LstmSequencesNet(),
        ["lstm_stacked"] = () => new LstmStackedNet(),
        ["embedding_lstm"] = () => new EmbeddingLstmNet(),
        ["embedding_dense"] = () => new EmbeddingDenseNet(),
        ["lstm_relu_nobias"] = () => new LstmReluNoBiasNet(),
        ["lstm_linear_gates"] = () => new LstmLinearGatesNet(),
    };

    public static TheoryData<string> CaseNames() => new(Root.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Outputs_loss_and_gradients_match_pytorch(string name)
    {
        JsonElement c = Root.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        Model net = Networks[name]();
        float[] parameters = Floats(c, "params");
        Assert.Equal(parameters.Length, net.ParameterCount);
        parameters.CopyTo(net.Parameters);
        net.Compile(new Sgd(), Loss.MeanSquaredError);
        float[] x = Floats(c, "x"), t = Floats(c, "t");

        AssertClose(Floats(c, "output"), net.Predict(x), $"{name} output");
        float loss = net.ComputeGradients(x, t);
        Assert.Equal(c.GetProperty("loss").GetDouble(), loss, 1e-5);
        AssertClose(Floats(c, "gradients"), net.Gradients.ToArray(), $"{name} gradient");
        var first = new float[net.OutputSize];
        net.Predict(x.AsSpan(0, net.InputSize), first);
        AssertClose(Floats(c, "output")[..net.OutputSize], first, $"{name} single-sample output");
    }

    [Fact]
    public void Lstm_layers_start_as_keras_does()
    {
        var net = new LstmLastNet(seed: 4);
        // Recurrent kernel (5, 20) orthogonal: its rows are orthonormal.
        float[] recurrent = net.Parameters.Slice(80, 100).ToArray();
        for (int a = 0; a < 5; a++)
            for (int b = 0; b < 5; b++)
            {
                double dot = 0;
                for (int j = 0; j < 20; j++) dot += recurrent[a * 20 + j] * recurrent[b * 20 + j];
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 1e-5);
            }
        // One bias of 4·units: zeros, except the forget gate's slice, which starts at 1.
        float[] bias = net.Parameters.Slice(180, 20).ToArray();
        Assert.Equal(Enumerable.Repeat(0f, 5).Concat(Enumerable.Repeat(1f, 5)).Concat(Enumerable.Repeat(0f, 10)), bias);
        Assert.Equal(["lstm/kernel", "lstm/recurrent_kernel", "lstm/bias", "dense/kernel", "dense/bias"], net.ParameterTensors.Select(p => p.Name));
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
