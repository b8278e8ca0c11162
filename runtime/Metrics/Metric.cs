namespace Unroll;

/// <summary>
/// A metric reported during training and evaluation: the mean over samples of a per-sample
/// score, itself the mean over the sample's positions (rows of the output's last axis) where the
/// output has more than one, as Keras averages over every position. Metrics are stateless; the training loop keeps the running sums, so nothing is
/// allocated per batch.
/// </summary>
public abstract class Metric
{
    /// <summary>Accuracy, resolved at compile time as Keras does: binary for one output per position,
    /// sparse categorical for a sparse loss, categorical otherwise.</summary>
    public static Metric Accuracy { get; } = new Accuracy(AccuracyKind.Auto);
    /// <summary>Binary accuracy: (p &gt; 0.5) == (y &gt; 0.5), averaged over outputs.</summary>
    public static Metric BinaryAccuracy { get; } = new Accuracy(AccuracyKind.Binary);
    /// <summary>Categorical accuracy: argmax p == argmax y.</summary>
    public static Metric CategoricalAccuracy { get; } = new Accuracy(AccuracyKind.Categorical);
    /// <summary>Sparse categorical accuracy: argmax p == the class id.</summary>
    public static Metric SparseCategoricalAccuracy { get; } = new Accuracy(AccuracyKind.SparseCategorical);
    /// <summary>Mean squared error.</summary>
    public static Metric MeanSquaredError { get; } = new ErrorMetric("mse", squared: true);
    /// <summary>Mean absolute error.</summary>
    public static Metric MeanAbsoluteError { get; } = new ErrorMetric("mae", squared: false);

    /// <summary>The name in logs and <see cref="History"/>, e.g. <c>accuracy</c>.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Whether the metric improves by rising (accuracies), by falling (errors), or null when it
    /// cannot be told (Keras's metric <c>_direction</c>): what <see cref="MonitorMode.Auto"/> reads.
    /// </summary>
    public virtual bool? HigherIsBetter => null;

    /// <summary>
    /// The concrete metric for a model's loss and the length of its output's last axis
    /// (Keras resolves "accuracy" this way).
    /// </summary>
    public virtual Metric Resolve(Loss loss, int classes) => this;

    /// <summary>
    /// The sum over the batch of the per-sample score: <paramref name="predictions"/> holds
    /// <paramref name="outputSize"/> values per sample in rows of <paramref name="classes"/>.
    /// </summary>
    public abstract double BatchSum(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, int outputSize, int classes);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
