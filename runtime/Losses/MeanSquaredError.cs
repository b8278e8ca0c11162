using System.Numerics.Tensors;

namespace Unroll;

/// <summary>Mean over outputs of (p − y)², averaged over the batch.</summary>
public sealed class MeanSquaredError : Loss
{
    internal MeanSquaredError() { }

    /// <inheritdoc/>
    public override string Name => "mean_squared_error";

    /// <inheritdoc/>
    public override float Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, int classes)
    {
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double d = predictions[i] - labels[i];
            sum += d * d;
        }
        return (float)(sum / predictions.Length);
    }

    /// <inheritdoc/>
    protected override void GradientOfPredictions(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, Span<float> gradient, int classes)
    {
        TensorPrimitives.Subtract(predictions, labels, gradient);
        TensorPrimitives.Multiply(gradient, 2f / predictions.Length, gradient);
    }
}
