using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>Embedding: Keras initialisation, lookup, the gradient of the rows, and clear errors for bad ids.</summary>
public class EmbeddingTests
{
    private static readonly float[] Ids = [1, 4, 4, 0, 9, 2, 2, 2, 7, 3];

    [Fact]
    public void Embeddings_start_uniform_in_five_hundredths_and_are_looked_up_by_id()
    {
        var net = new EmbeddingNet(seed: 1);
        Assert.Equal("embedding/embeddings [0, 30) (10, 3)", net.ParameterTensors[0].ToString());
        Assert.All(net.Parameters[..30].ToArray(), v => Assert.InRange(v, -0.05f, 0.05f));

        // With the Dense kernel set to pick the first flattened value, the output is tanh(E[id, 0] + bias).
        net.Parameters[30..].Clear();
        net.Parameters[30] = 1f; // dense/kernel[0, 0]
        float[] predicted = net.Predict(Ids);
        Assert.Equal(MathF.Tanh(net.Parameters[1 * 3]), predicted[0], 1e-6f);
        Assert.Equal(MathF.Tanh(net.Parameters[2 * 3]), predicted[2], 1e-6f);
    }

    [Fact]
    public void Gradient_matches_finite_differences()
    {
        var net = new EmbeddingNet(seed: 2);
        var random = new SeededRandom(3);
        for (int i = 0; i < net.ParameterCount; i++) net.Parameters[i] = (float)(random.NextDouble() - 0.5);
        net.Compile(new Sgd(), Loss.MeanSquaredError);
        float[] y = [0.5f, -0.25f, 0.1f, 0.3f];
        net.ComputeGradients(Ids, y);
        float[] analytic = net.Gradients.ToArray();
        const float h = 1e-2f;
        for (int i = 0; i < net.ParameterCount; i++)
        {
            float saved = net.Parameters[i];
            net.Parameters[i] = saved + h;
            double up = net.Evaluate(Ids, y).Loss;
            net.Parameters[i] = saved - h;
            double down = net.Evaluate(Ids, y).Loss;
            net.Parameters[i] = saved;
            double numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-3 + 1e-2 * Math.Abs(numeric), $"parameter {i}: analytic {analytic[i]}, numeric {numeric}");
        }
        // Rows of ids that never occur get no gradient (ids 5, 6, 8).
        Assert.All(new[] { 5, 6, 8 }, id => Assert.All(analytic.AsSpan(id * 3, 3).ToArray(), g => Assert.Equal(0f, g)));
    }

    [Fact]
    public void Token_ids_can_be_given_as_ints()
    {
        var net = new EmbeddingNet(seed: 5);
        int[] ids = Ids.Select(v => (int)v).ToArray();
        Assert.Equal(net.Predict(Ids), net.Predict(ids));
        net.Compile(new Adam(), Loss.MeanSquaredError);
        float[] y = [0.5f, -0.25f, 0.1f, 0.3f];
        History history = net.Fit(ids, y, epochs: 2, batchSize: 2, verbose: 0, shuffle: false);
        Assert.Equal(net.Evaluate(Ids, y).Loss, net.Evaluate(ids, y).Loss);
        Assert.Equal(2, history.Epochs);
    }

    [Theory]
    [InlineData(10f)]
    [InlineData(-1f)]
    [InlineData(2.5f)]
    public void Ids_outside_the_vocabulary_are_refused_with_position_and_range(float bad)
    {
        var net = new EmbeddingNet(seed: 1);
        float[] ids = [1, 2, bad, 3, 4];
        var e = Assert.Throws<ArgumentException>(() => net.Predict(ids));
        Assert.Contains($"Token id {bad.ToString(System.Globalization.CultureInfo.InvariantCulture)} at position 2", e.Message);
        Assert.Contains("[0, 10)", e.Message);
    }
}
