using Unroll.Kernels;

namespace Unroll.Keras.Tests;

/// <summary>The two hard sigmoids of the runtime kernels: Keras 3's clip(x/6 + 0.5) and Keras 2's clip(0.2x + 0.5), with their slopes.</summary>
public class HardSigmoidKernelTests
{
    [Theory]
    [InlineData(Activation.HardSigmoid, new[] { -4f, -3f, -1.5f, 0f, 1.5f, 3f, 4f }, new[] { 0f, 0f, 0.25f, 0.5f, 0.75f, 1f, 1f })]
    [InlineData(Activation.HardSigmoidKeras2, new[] { -4f, -2.5f, -1f, 0f, 1f, 2.5f, 4f }, new[] { 0f, 0f, 0.3f, 0.5f, 0.7f, 1f, 1f })]
    public void Forward_clips_the_line_through_one_half(Activation activation, float[] x, float[] expected)
    {
        float[] values = [.. x];
        ActivationKernels.Forward(activation, values, values.Length);
        for (int i = 0; i < x.Length; i++) Assert.Equal(expected[i], values[i], 6);
    }

    [Theory]
    [InlineData(Activation.HardSigmoid, 1f / 6f)]
    [InlineData(Activation.HardSigmoidKeras2, 0.2f)]
    public void Backward_has_the_slope_inside_and_zero_where_clipped(Activation activation, float slope)
    {
        float[] output = [0f, 0.25f, 0.5f, 1f];
        float[] grad = [2f, 2f, 2f, 2f];
        ActivationKernels.Backward(activation, output, grad, grad.Length);
        Assert.Equal([0f, 2 * slope, 2 * slope, 0f], grad);
    }
}
