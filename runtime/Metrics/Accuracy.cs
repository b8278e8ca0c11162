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

    public override bool? HigherIsBetter => true;

    // Keras: binary when the output's last axis has length 1, sparse for integer labels, else categorical.
    public override Metric Resolve(Loss loss, int classes)
    {
        if (kind != AccuracyKind.Auto) return this;
        AccuracyKind resolved = loss is SparseCategoricalCrossEntropy ? AccuracyKind.SparseCategorical
            : classes == 1 || loss is BinaryCrossEntropy ? AccuracyKind.Binary
            : AccuracyKind.Categorical;
        return new ResolvedAccuracy(resolved);
    }

    public override double BatchSum(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, int outputSize, int classes)
        => Score(kind, predictions, labels, outputSize, classes);

    /// <summary>Hits over every position of the batch, divided by the positions per sample: the sum of per-sample means.</summary>
    internal static double Score(AccuracyKind kind, ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, int outputSize, int classes)
    {
        double hits = 0;
        int positions = predictions.Length / classes;
        for (int r = 0; r < positions; r++)
        {
            ReadOnlySpan<float> p = predictions.Slice(r * classes, classes);
            switch (kind)
            {
                case AccuracyKind.Binary:
                    int matches = 0;
                    for (int j = 0; j < classes; j++)
                        if (p[j] > 0.5f == labels[r * classes + j] > 0.5f) matches++;
                    hits += matches / (double)classes;
                    break;
                case AccuracyKind.Categorical:
                    if (ArgMax(p) == ArgMax(labels.Slice(r * classes, classes))) hits++;
                    break;
                case AccuracyKind.SparseCategorical:
                    if (ArgMax(p) == (int)labels[r]) hits++;
                    break;
                default:
                    throw new InvalidOperationException("Accuracy must be resolved against a loss first (Compile does this).");
            }
        }
        return hits / (outputSize / classes);
    }

    /// <summary>The index of the largest value, the first on a tie (also <see cref="Model.ArgMax"/>'s rule).</summary>
    internal static int ArgMax(ReadOnlySpan<float> values)
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
        public override bool? HigherIsBetter => true;
        public override double BatchSum(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, int outputSize, int classes)
            => Score(resolved, predictions, labels, outputSize, classes);
    }
}
