using Unroll.Kernels;

namespace Unroll.Tests.Numerics;

/// <summary>Saturated probabilities and huge logits give finite losses and gradients.</summary>
public class LossStabilityTests
{
    [Fact]
    public void Binary_cross_entropy_of_certain_wrong_predictions_is_finite_and_clipped()
    {
        float[] p = [0f, 1f], y = [1f, 0f];
        float loss = Loss.BinaryCrossEntropy.Compute(p, y, 1);
        // Keras clips to [1e-7, 1 - 1e-7] in float32, where 1 - 1e-7 rounds to 1 - 1.19e-7.
        double expected = (-Math.Log(1e-7f) - Math.Log(1 - (double)(1f - 1e-7f))) / 2;
        Assert.Equal(expected, loss, 1e-4);
        var g = new float[2];
        Loss.BinaryCrossEntropy.Gradient(p, y, g, 1, Activation.Sigmoid);
        Assert.Equal([-0.5f, 0.5f], g); // fused (p - y) / n
    }

    [Fact]
    public void Softmax_of_huge_logits_is_finite_and_categorical_loss_is_bounded()
    {
        float[] logits = [1000f, -1000f, 999f];
        ActivationKernels.SoftmaxRows(logits, 3);
        Assert.All(logits, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1f / (1f + MathF.Exp(-1f)), logits[0], 1e-6f);
        float loss = Loss.CategoricalCrossEntropy.Compute(logits, [0f, 1f, 0f], 3);
        Assert.Equal(-Math.Log(1e-7), loss, 1e-3);
        float sparse = Loss.SparseCategoricalCrossEntropy.Compute(logits, [1f], 3);
        Assert.Equal(loss, sparse);
    }

    [Fact]
    public void Sigmoid_of_huge_inputs_saturates_without_nan()
    {
        float[] z = [-1000f, 1000f, 0f];
        ActivationKernels.Forward(Activation.Sigmoid, z, 3);
        Assert.Equal([0f, 1f, 0.5f], z);
    }

    [Fact]
    public void Unfused_cross_entropy_gradient_is_zero_where_keras_clips()
    {
        var g = new float[2];
        Loss.BinaryCrossEntropy.Gradient([0f, 0.5f], [1f, 1f], g, 2, Activation.Linear);
        Assert.Equal(0f, g[0]);
        Assert.Equal(-1f / 0.5f / 2f, g[1], 1e-6f); // -(y/p) / n
    }

    [Fact]
    public void Sparse_labels_out_of_range_are_rejected_with_the_sample()
    {
        var e = Assert.Throws<ArgumentException>(() => Loss.SparseCategoricalCrossEntropy.ValidateLabels([0f, 3f], 3, 3));
        Assert.Contains("sample 1", e.Message);
        Assert.Contains("[0, 3)", e.Message);
    }
}

public class DataCheckTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(63)]  // the end of the first 64-value Vector512 step
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(129)]
    public void Non_finite_values_are_found_wherever_they_are(int position)
    {
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            var values = Enumerable.Range(0, 130).Select(i => i * 0.5f - 20f).ToArray();
            Assert.Equal(-1, DataChecks.IndexOfNonFinite(values));
            values[position] = bad;
            Assert.Equal(position, DataChecks.IndexOfNonFinite(values));
        }
    }
}
