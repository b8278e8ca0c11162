namespace Unroll.Tests.Numerics;

/// <summary>The mean squared error, summed in vectors of double with a scalar tail, is the float64 mean.</summary>
public class MeanSquaredErrorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(65_539)] // 64 × 1024 outputs and a 3-value tail
    public void The_loss_is_the_float64_mean_of_the_squared_differences(int n)
    {
        var random = new SeededRandom((ulong)n);
        float[] p = GradientCheckTests.RandomArray(random, n, 2), y = GradientCheckTests.RandomArray(random, n, 2);
        y[^1] += 100f; // a large last difference: a tail left out would show
        double expected = 0;
        for (int i = 0; i < n; i++) expected += Math.Pow((double)(p[i] - y[i]), 2);
        expected /= n;
        Assert.Equal(expected, Loss.MeanSquaredError.Compute(p, y, 1), expected * 1e-6);
    }

    [Fact]
    public void Labels_shorter_than_the_predictions_are_refused()
        => Assert.ThrowsAny<ArgumentException>(() => Loss.MeanSquaredError.Compute(new float[16], new float[15], 1));
}
