using System.Text.Json;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Reference;

/// <summary>
/// Stateful LSTM: two half-sequences with the state carried between batches equal the whole
/// sequence (values from tests/reference/make_lstm_reference.py); ResetStates starts afresh.
/// </summary>
public class StatefulLstmTests
{
    private static readonly JsonElement Case = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "lstm_reference.json"))).RootElement.GetProperty("stateful");

    private static float[] Floats(string property) => Case.GetProperty(property).EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

    private static (float[] First, float[] Second) Halves()
    {
        float[] x = Floats("x"); // (3 samples, 8 steps, 3 features)
        var first = new float[3 * 4 * 3];
        var second = new float[3 * 4 * 3];
        for (int s = 0; s < 3; s++)
        {
            Array.Copy(x, s * 24, first, s * 12, 12);
            Array.Copy(x, s * 24 + 12, second, s * 12, 12);
        }
        return (first, second);
    }

    [Fact]
    public void Two_half_sequences_with_carried_state_equal_the_whole_sequence()
    {
        var net = new StatefulHalfNet();
        Floats("params").CopyTo(net.Parameters);
        var (first, second) = Halves();
        Assert.Equal(3, net.FixedBatchSize);

        AssertClose(Floats("output_first_half"), net.Predict(first));
        AssertClose(Floats("output_whole"), net.Predict(second));

        net.ResetStates();
        net.Predict(first);
        net.ResetStates();
        AssertClose(Floats("output_second_half_from_zero"), net.Predict(second));
    }

    [Fact]
    public void Training_keeps_rows_and_refuses_shuffling_and_other_batch_sizes()
    {
        var net = new StatefulHalfNet(seed: 1);
        net.Compile(new Adam(), Loss.MeanSquaredError);
        var (first, second) = Halves();
        var y = new float[12];
        Assert.Contains("shuffle: false", Assert.Throws<ArgumentException>(() => net.Fit(first, y, batchSize: 3, verbose: 0)).Message);
        Assert.Contains("batches of 3", Assert.Throws<ArgumentException>(() => net.Fit(first, y, batchSize: 2, shuffle: false, verbose: 0)).Message);
        Assert.Contains("batches of 3", Assert.Throws<ArgumentException>(() => net.Predict(first.AsSpan(0, 24))).Message);

        // The gradient after a carried state differs from the one from a zero state (the state enters z).
        net.ResetStates();
        net.ComputeGradients(first, y);
        net.ComputeGradients(second, y);
        float[] carried = net.Gradients.ToArray();
        net.ResetStates();
        net.ComputeGradients(second, y);
        Assert.NotEqual(carried, net.Gradients.ToArray());
        History history = net.Fit(first, y, epochs: 2, batchSize: 3, shuffle: false, verbose: 0);
        Assert.Equal(2, history.Epochs);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * (1 + Math.Abs(expected[i])), $"[{i}]: expected {expected[i]:G9}, got {actual[i]:G9}");
    }
}
