using System.Text.Json;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Reference;

/// <summary>
/// Convolution, pooling, flatten and rank-3 Dense networks against float64 PyTorch values written
/// by tests/reference/make_conv_reference.py (Keras layouts and TensorFlow "same" padding; see
/// its docstring): outputs, mean-squared-error loss and every parameter gradient.
/// </summary>
public class ConvReferenceTests
{
    private static readonly JsonElement Root = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "conv_reference.json"))).RootElement;

    private static readonly Dictionary<string, Func<Model>> Networks = new()
    {
        ["conv_valid"] = () => new ConvValidNet(),
        ["conv_same_stride2"] = () => new ConvSameStride2Net(),
        ["conv_same_even_kernel"] = () => new ConvSameEvenKernelNet(),
        ["conv_channels_first"] = () => new ConvChannelsFirstNet(),
        ["conv_same_stride2_asym"] = () => new ConvSameStride2AsymNet(),
        ["maxpool_same_asym"] = () => new MaxPoolSameAsymNet(),
        ["conv_no_bias"] = () => new ConvNoBiasNet(),
        ["maxpool_valid"] = () => new MaxPoolValidNet(),
        ["maxpool_same_3s2"] = () => new MaxPoolSame3S2Net(),
        ["maxpool_odd_valid"] = () => new MaxPoolOddValidNet(),
        ["maxpool_odd_input"] = () => new MaxPoolOddInputNet(),
        ["avgpool_valid"] = () => new AvgPoolValidNet(),
        ["avgpool_same_3s2"] = () => new AvgPoolSame3S2Net(),
        ["global_avg"] = () => new GlobalAvgNet(),
        ["global_max"] = () => new GlobalMaxNet(),
        ["conv1d"] = () => new Conv1DNet(),
        ["conv1d_stride"] = () => new Conv1DStrideNet(),
        ["dense_rank3"] = () => new DenseRank3Net(),
        ["conv_to_dense_softmax"] = () => new ConvToDenseSoftmaxNet(),
    };

    public static TheoryData<string> CaseNames() => new(Root.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));

    [Fact]
    public void Every_fixture_case_has_a_network()
        => Assert.All(Root.GetProperty("cases").EnumerateArray(), c => Assert.Contains(c.GetProperty("name").GetString()!, Networks.Keys));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Outputs_loss_and_gradients_match_pytorch(string name)
    {
        JsonElement c = Root.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        foreach (int threads in new[] { 1, 2 })
        {
            Model net = Networks[name]();
            net.Threads = threads;
            float[] parameters = Floats(c, "params");
            Assert.Equal(parameters.Length, net.ParameterCount);
            parameters.CopyTo(net.Parameters);
            net.Compile(new Sgd(), Loss.MeanSquaredError);
            float[] x = Floats(c, "x"), t = Floats(c, "t");
            Assert.Equal(x.Length, c.GetProperty("batch").GetInt32() * net.InputSize);

            AssertClose(Floats(c, "output"), net.Predict(x), 1e-5, $"{name} output");
            float loss = net.ComputeGradients(x, t);
            Assert.Equal(c.GetProperty("loss").GetDouble(), loss, 1e-5);
            AssertClose(Floats(c, "gradients"), net.Gradients.ToArray(), 1e-5, $"{name} gradient");

            // The single-sample path agrees with the batch.
            float[] first = new float[net.OutputSize];
            net.Predict(x.AsSpan(0, net.InputSize), first);
            AssertClose(Floats(c, "output")[..net.OutputSize], first, 1e-5, $"{name} single-sample output");
        }
    }

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
