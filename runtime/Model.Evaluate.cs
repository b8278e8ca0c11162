namespace Unroll;

public abstract partial class Model
{
    /// <summary>The mean loss (with regularisation, as Keras reports it) and metrics over the given samples.</summary>
    public Evaluation Evaluate(float[] inputs, float[] labels, int batchSize = 32)
    {
        using UseScope use = EnterUse();
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        int samples = DataChecks.SampleCount(this, inputs, nameof(inputs));
        DataChecks.MatchLabels(this, Loss, samples, labels, nameof(labels));
        DataChecks.Inputs(this, inputs, nameof(inputs));
        DataChecks.WholeBatches(this, samples, nameof(inputs));
        var totals = new double[1 + _metrics.Length];
        EvaluateCore(inputs, labels, batchSize, totals);
        return new Evaluation(["loss", .. _metrics.Select(m => m.Name)], Array.ConvertAll(totals, t => (float)t));
    }

    /// <summary>Evaluates on matrices; see <see cref="Evaluate(float[], float[], int)"/>.</summary>
    public Evaluation Evaluate(Matrix inputs, Matrix labels, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        CheckColumns(inputs, nameof(inputs));
        CheckLabels(inputs, labels, nameof(labels));
        return Evaluate(inputs.Data, labels.Data, batchSize);
    }

    /// <summary>Evaluates a matrix of inputs against a flat array of labels; see <see cref="Evaluate(float[], float[], int)"/>.</summary>
    public Evaluation Evaluate(Matrix inputs, float[] labels, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        CheckColumns(inputs, nameof(inputs));
        return Evaluate(inputs.Data, labels, batchSize);
    }

    // Writes the means of loss and metrics into totals; allocates nothing once the workspace holds batchSize.
    internal void EvaluateCore(ReadOnlySpan<float> inputs, ReadOnlySpan<float> labels, int batchSize, Span<double> totals)
    {
        Loss loss = Loss;
        int samples = inputs.Length / InputSize, labelSize = loss.LabelSize(OutputSize, OutputClasses);
        int chunk = Math.Min(batchSize, samples);
        EnsureCapacity(chunk);
        if (chunk > 0) PackPanelsWhenReused(passes: (samples + chunk - 1) / chunk);
        totals.Clear();
        for (int start = 0; start < samples; start += chunk)
        {
            int batch = Math.Min(chunk, samples - start);
            ReadOnlySpan<float> y = labels.Slice(start * labelSize, batch * labelSize);
            ReadOnlySpan<float> predictions = Forward(inputs.Slice(start * InputSize, batch * InputSize), batch, training: false);
            totals[0] += loss.Compute(predictions, y, OutputClasses) * (double)batch;
            for (int m = 0; m < _metrics.Length; m++)
                totals[1 + m] += _metrics[m].BatchSum(predictions, y, OutputSize, OutputClasses);
        }
        for (int i = 0; i < totals.Length; i++) totals[i] /= samples;
        totals[0] += Regularization(addGradients: false);
    }
}
