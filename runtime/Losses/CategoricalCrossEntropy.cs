namespace Unroll;

/// <summary>
/// −Σ y·log p over the classes of each position (a row of the output's last axis), averaged over
/// every position of the batch, with p renormalised to sum 1 per row and clipped to
/// [1e-7, 1 − 1e-7]. With a softmax output the gradient fuses to (p·Σy − y) / positions.
/// </summary>
public sealed class CategoricalCrossEntropy : Loss
{
    internal CategoricalCrossEntropy() { }

    /// <inheritdoc/>
    public override string Name => "categorical_crossentropy";

    /// <inheritdoc/>
    public override float Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, int classes)
    {
        double sum = 0;
        for (int row = 0; row < predictions.Length; row += classes)
        {
            ReadOnlySpan<float> p = predictions.Slice(row, classes), y = labels.Slice(row, classes);
            float total = 0;
            foreach (float v in p) total += v;
            for (int j = 0; j < classes; j++)
                if (y[j] != 0) sum -= y[j] * Math.Log(Clip(p[j] / total));
        }
        return (float)(sum / (predictions.Length / classes));
    }

    /// <inheritdoc/>
    protected override void GradientOfPredictions(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, Span<float> gradient, int classes)
    {
        float scale = classes / (float)predictions.Length;
        for (int row = 0; row < predictions.Length; row += classes)
        {
            ReadOnlySpan<float> p = predictions.Slice(row, classes), y = labels.Slice(row, classes);
            float total = 0, labelTotal = 0;
            for (int j = 0; j < classes; j++) { total += p[j]; labelTotal += y[j]; }
            for (int j = 0; j < classes; j++)
            {
                float q = p[j] / total;
                // d/dp_j of −Σ y_k log(p_k / Σp) = −y_j / p_j + Σy / Σp; zero where Keras clips q.
                gradient[row + j] = (q < Epsilon || q > 1f - Epsilon ? 0f : -y[j] / p[j]) + labelTotal / total;
                gradient[row + j] *= scale;
            }
        }
    }

    /// <inheritdoc/>
    protected override bool TryFusedGradient(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, Span<float> gradient, int classes, Activation outputActivation)
    {
        if (outputActivation != Activation.Softmax) return false;
        float scale = classes / (float)predictions.Length;
        for (int row = 0; row < predictions.Length; row += classes)
        {
            float labelTotal = 0;
            for (int j = 0; j < classes; j++) labelTotal += labels[row + j];
            for (int j = 0; j < classes; j++)
                gradient[row + j] = (predictions[row + j] * labelTotal - labels[row + j]) * scale;
        }
        return true;
    }
}
