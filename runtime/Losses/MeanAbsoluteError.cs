using System.Numerics.Tensors;

namespace Unroll;

/// <summary>Mean over outputs of |p − y|, averaged over the batch.</summary>
public sealed class MeanAbsoluteError : Loss
{
    internal MeanAbsoluteError() { }

    /// <inheritdoc/>
    public override string Name => "mean_absolute_error";

    /// <inheritdoc/>
    public override float Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, int classes)
    {
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
            sum += Math.Abs(predictions[i] - labels[i]);
        return (float)(sum / predictions.Length);
    }

    /// <inheritdoc/>
    protected override void GradientOfPredictions(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, Span<float> gradient, int classes)
    {
        float scale = 1f / predictions.Length;
        for (int i = 0; i < predictions.Length; i++)
            gradient[i] = MathF.Sign(predictions[i] - labels[i]) * scale;
    }
}
