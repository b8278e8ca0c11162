namespace Unroll;

public abstract partial class Model
{
    /// <summary>
    /// Computes the loss of one batch (including regularisation) and its gradient into
    /// <see cref="Gradients"/>, without updating the parameters. Allocates nothing once the
    /// workspace holds the batch.
    /// </summary>
    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> labels)
    {
        using UseScope use = EnterUse();
        int batch = DataChecks.SampleCount(this, inputs, nameof(inputs));
        DataChecks.MatchLabels(this, Loss, batch, labels, nameof(labels));
        DataChecks.Inputs(this, inputs, nameof(inputs)); // the same checks as Fit, before any weight changes
        EnsureCapacity(batch);
        return GradientStep(inputs, labels, batch, out _);
    }

    /// <summary>One gradient update on one batch (Keras <c>train_on_batch</c>); returns the batch loss before the update.</summary>
    public float TrainOnBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> labels)
    {
        using UseScope use = EnterUse();
        ThrowIfShared("train (TrainOnBatch)");
        float loss = ComputeGradients(inputs, labels);
        ApplyOptimizer();
        return loss;
    }

    /// <summary>
    /// One gradient update on one batch, returning the loss before the update and, in
    /// <paramref name="logs"/>, the loss and every compiled metric of this batch as Keras's
    /// <c>train_on_batch(x, y, return_dict=True)</c> gives them: the metrics are those of the
    /// training forward pass, before the update.
    /// </summary>
    public float TrainOnBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> labels, out Evaluation logs)
    {
        using UseScope use = EnterUse();
        ThrowIfShared("train (TrainOnBatch)");
        int batch = DataChecks.SampleCount(this, inputs, nameof(inputs));
        DataChecks.MatchLabels(this, Loss, batch, labels, nameof(labels));
        DataChecks.Inputs(this, inputs, nameof(inputs));
        EnsureCapacity(batch);
        float loss = GradientStep(inputs, labels, batch, out ReadOnlySpan<float> predictions);
        var values = new float[1 + _metrics.Length];
        values[0] = loss;
        for (int m = 0; m < _metrics.Length; m++)
            values[1 + m] = (float)(_metrics[m].BatchSum(predictions, labels, OutputSize, OutputClasses) / batch);
        logs = new Evaluation(["loss", .. _metrics.Select(m => m.Name)], values);
        ApplyOptimizer();
        return loss;
    }

    /// <summary>
    /// The loss of one batch in a single inference pass, weights unchanged (Keras <c>test_on_batch</c>);
    /// with regularisation, as <see cref="Evaluate(float[], float[], int)"/> reports it.
    /// </summary>
    public float TestOnBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> labels) => TestOnBatch(inputs, labels, out _);

    /// <summary>
    /// As <see cref="TestOnBatch(ReadOnlySpan{float}, ReadOnlySpan{float})"/>, with the loss and
    /// every compiled metric of the batch in <paramref name="logs"/> (Keras <c>return_dict=True</c>).
    /// </summary>
    public float TestOnBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> labels, out Evaluation logs)
    {
        using UseScope use = EnterUse();
        int batch = DataChecks.SampleCount(this, inputs, nameof(inputs));
        DataChecks.MatchLabels(this, Loss, batch, labels, nameof(labels));
        DataChecks.Inputs(this, inputs, nameof(inputs));
        DataChecks.WholeBatches(this, batch, nameof(inputs));
        var totals = new double[1 + _metrics.Length];
        EvaluateCore(inputs, labels, FixedBatchSize ?? batch, totals);
        logs = new Evaluation(["loss", .. _metrics.Select(m => m.Name)], Array.ConvertAll(totals, t => (float)t));
        return logs.Loss;
    }

    /// <summary>One gradient update on a batch given as matrices; see <see cref="TrainOnBatch(ReadOnlySpan{float}, ReadOnlySpan{float}, out Evaluation)"/>.</summary>
    public float TrainOnBatch(Matrix inputs, Matrix labels, out Evaluation logs)
    {
        CheckBatch(inputs, labels);
        return TrainOnBatch(inputs.Data, labels.Data, out logs);
    }

    /// <summary>The loss and metrics of a batch given as matrices; see <see cref="TestOnBatch(ReadOnlySpan{float}, ReadOnlySpan{float}, out Evaluation)"/>.</summary>
    public float TestOnBatch(Matrix inputs, Matrix labels, out Evaluation logs)
    {
        CheckBatch(inputs, labels);
        return TestOnBatch(inputs.Data, labels.Data, out logs);
    }

    /// <summary>The outputs of a batch of rows in one forward pass; see <see cref="PredictOnBatch(ReadOnlySpan{float})"/>.</summary>
    public Matrix PredictOnBatch(Matrix inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        CheckColumns(inputs, nameof(inputs));
        return new Matrix(inputs.Rows, OutputSize, PredictOnBatch(inputs.Data));
    }

    private void CheckBatch(Matrix inputs, Matrix labels)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        CheckColumns(inputs, nameof(inputs));
        CheckLabels(inputs, labels, nameof(labels));
    }

    // The unchecked core shared by ComputeGradients, TrainOnBatch and Fit (which passes the
    // gather of a shuffled batch's rows into inputs, done by the forward pass, and asks for the
    // optimizer step too: fused into a split backward pass when it can be). The predictions are
    // the forward pass's, before any update.
    internal float GradientStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> labels, int batch, out ReadOnlySpan<float> predictions,
        RowGather gather = default, bool update = false)
    {
        if (update) ThrowIfShared("update its weights"); // before any work, as ApplyOptimizer checks
        Loss loss = Loss;
        StepTimeline.MarkStep(StepTimeline.StepBegin);
        predictions = Forward(inputs, batch, training: true, gather);
        StepTimeline.MarkStep(StepTimeline.ForwardDone);
        float value = loss.Compute(predictions, labels, OutputClasses);
        StepTimeline.MarkStep(StepTimeline.LossDone);
        loss.Gradient(predictions, labels, OutputGradient(batch), OutputClasses, OutputActivation);
        StepTimeline.MarkStep(StepTimeline.LossGradientDone);
        bool updated = Backward(inputs, batch, update);
        StepTimeline.MarkStep(StepTimeline.BackwardDone);
        value += Regularization(addGradients: true);
        if (update && !updated) ApplyOptimizer();
        StepTimeline.EndStep();
        return value;
    }
}
