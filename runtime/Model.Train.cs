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

    // The unchecked core shared by ComputeGradients, TrainOnBatch and Fit.
    internal float GradientStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> labels, int batch, out ReadOnlySpan<float> predictions)
    {
        Loss loss = Loss;
        predictions = Forward(inputs, batch, training: true);
        float value = loss.Compute(predictions, labels, OutputClasses);
        loss.Gradient(predictions, labels, OutputGradient(batch), OutputClasses, OutputActivation);
        Backward(inputs, batch);
        return value + Regularization(addGradients: true);
    }
}
