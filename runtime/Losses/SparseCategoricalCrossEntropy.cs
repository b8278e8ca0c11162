namespace Unroll;

/// <summary>
/// Categorical cross-entropy with one integer class id per position (stored as a float), as if
/// the id were one-hot encoded: one id per sample for a (classes) output, one per step for a
/// (steps, classes) output. With a softmax output the gradient fuses to (p − onehot) / positions.
/// </summary>
public sealed class SparseCategoricalCrossEntropy : Loss
{
    internal SparseCategoricalCrossEntropy() { }

    /// <inheritdoc/>
    public override string Name => "sparse_categorical_crossentropy";

    /// <inheritdoc/>
    public override int LabelSize(int outputSize, int classes) => outputSize / classes;

    /// <inheritdoc/>
    public override void ValidateLabels(ReadOnlySpan<float> labels, int outputSize, int classes)
    {
        int positions = LabelSize(outputSize, classes);
        for (int i = 0; i < labels.Length; i++)
            if (!(labels[i] >= 0 && labels[i] < classes && labels[i] == MathF.Floor(labels[i])))
                throw new ArgumentException(positions == 1
                    ? $"Label of sample {i} is {labels[i]}; expected a class id in [0, {classes})."
                    : $"Label {i} (sample {i / positions}, position {i % positions}) is {labels[i]}; expected a class id in [0, {classes}).", nameof(labels));
    }

    /// <inheritdoc/>
    public override float Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, int classes)
    {
        double sum = 0;
        for (int b = 0; b < labels.Length; b++) // b: a position (a sample, or one step of one)
        {
            ReadOnlySpan<float> p = predictions.Slice(b * classes, classes);
            float total = 0;
            foreach (float v in p) total += v;
            sum -= Math.Log(Clip(p[(int)labels[b]] / total));
        }
        return (float)(sum / labels.Length);
    }

    /// <inheritdoc/>
    protected override void GradientOfPredictions(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, Span<float> gradient, int classes)
    {
        float scale = 1f / labels.Length;
        for (int b = 0; b < labels.Length; b++)
        {
            int row = b * classes, id = (int)labels[b];
            float total = 0;
            for (int j = 0; j < classes; j++) total += predictions[row + j];
            for (int j = 0; j < classes; j++) gradient[row + j] = scale / total;
            float q = predictions[row + id] / total;
            if (!(q < Epsilon || q > 1f - Epsilon))
                gradient[row + id] -= scale / predictions[row + id];
        }
    }

    /// <inheritdoc/>
    protected override bool TryFusedGradient(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, Span<float> gradient, int classes, Activation outputActivation)
    {
        if (outputActivation != Activation.Softmax) return false;
        float scale = 1f / labels.Length;
        for (int b = 0; b < labels.Length; b++)
        {
            int row = b * classes;
            for (int j = 0; j < classes; j++) gradient[row + j] = predictions[row + j] * scale;
            gradient[row + (int)labels[b]] -= scale;
        }
        return true;
    }
}
