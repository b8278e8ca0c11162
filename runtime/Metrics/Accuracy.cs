namespace Unroll;

internal enum AccuracyKind { Auto, Binary, Categorical, SparseCategorical }

/// <summary>The accuracy family; see <see cref="Metric.Accuracy"/>.</summary>
internal sealed class Accuracy(AccuracyKind kind) : Metric
{
    public override string Name => kind switch
    {
        AccuracyKind.Binary => "binary_accuracy",
        AccuracyKind.Categorical => "categorical_accuracy",
        AccuracyKind.SparseCategorical => "sparse_categorical_accuracy",
        _ => "accuracy",
    };

    public AccuracyKind Kind => kind;

    public override Metric Resolve(Loss loss, int outputSize)
    {
        if (kind != AccuracyKind.Auto) return this;
        AccuracyKind resolved = loss is SparseCategoricalCrossEntropy ? AccuracyKind.SparseCategorical
            : outputSize == 1 || loss is BinaryCrossEntropy ? AccuracyKind.Binary
            : AccuracyKind.Categorical;
        return new ResolvedAccuracy(resolved);
    }

    public override double BatchSum(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, int units)
        => Score(kind, predictions, labels, units);

    internal static double Score(AccuracyKind kind, ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, int units)
    {
        double sum = 0;
        int batch = predictions.Length / units;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> p = predictions.Slice(b * units, units);
            switch (kind)
            {
                case AccuracyKind.Binary:
                    int hits = 0;
                    for (int j = 0; j < units; j++)
                        if (p[j] > 0.5f == labels[b * units + j] > 0.5f) hits++;
                    sum += hits / (double)units;
                    break;
                case AccuracyKind.Categorical:
                    if (ArgMax(p) == ArgMax(labels.Slice(b * units, units))) sum++;
                    break;
                case AccuracyKind.SparseCategorical:
                    if (ArgMax(p) == (int)labels[b]) sum++;
                    break;
                default:
                    throw new InvalidOperationException("Accuracy must be resolved against a loss first (Compile does this).");
            }
        }
        return sum;
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int j = 1; j < values.Length; j++)
            if (values[j] > values[best]) best = j;
        return best;
    }

    /// <summary>"accuracy" as the user asked for it, computed the way the loss implies; keeps the name Keras logs.</summary>
    private sealed class ResolvedAccuracy(AccuracyKind resolved) : Metric
    {
        public override string Name => "accuracy";
        public override double BatchSum(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, int units)
            => Score(resolved, predictions, labels, units);
    }
}
