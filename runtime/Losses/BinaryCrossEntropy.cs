using System.Numerics.Tensors;

namespace Unroll;

/// <summary>
/// −(y·log p + (1 − y)·log(1 − p)) averaged over outputs and batch, with p clipped to
/// [1e-7, 1 − 1e-7]. With a sigmoid output the gradient fuses to (p − y) / n.
/// </summary>
public sealed class BinaryCrossEntropy : Loss
{
    internal BinaryCrossEntropy() { }

    /// <inheritdoc/>
    public override string Name => "binary_crossentropy";

    /// <inheritdoc/>
    public override void ValidateLabels(ReadOnlySpan<float> labels, int outputSize, int classes)
    {
        for (int i = 0; i < labels.Length; i++)
            if (!(labels[i] >= 0f && labels[i] <= 1f))
                throw new ArgumentException($"Label {i} is {labels[i]}; binary cross-entropy expects labels in [0, 1].", nameof(labels));
    }

    /// <inheritdoc/>
    public override float Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, int classes)
    {
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            float p = Clip(predictions[i]), y = labels[i];
            sum -= y * Math.Log(p) + (1 - y) * Math.Log(1 - p);
        }
        return (float)(sum / predictions.Length);
    }

    /// <inheritdoc/>
    protected override void GradientOfPredictions(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, Span<float> gradient, int classes)
    {
        float scale = 1f / predictions.Length;
        for (int i = 0; i < predictions.Length; i++)
        {
            float p = predictions[i], y = labels[i];
            // Where Keras clips, the gradient of the clipped loss is zero.
            gradient[i] = p < Epsilon || p > 1f - Epsilon ? 0f : (p - y) / (p * (1f - p)) * scale;
        }
    }

    /// <inheritdoc/>
    protected override bool TryFusedGradient(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, Span<float> gradient, int classes, Activation outputActivation)
    {
        if (outputActivation != Activation.Sigmoid) return false;
        TensorPrimitives.Subtract(predictions, labels, gradient);
        TensorPrimitives.Multiply(gradient, 1f / predictions.Length, gradient);
        return true;
    }
}
