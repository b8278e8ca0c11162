using Unroll.Kernels;

namespace Unroll;

/// <summary>
/// A loss: the mean over every position of the batch of a per-position loss, as Keras reduces it
/// ("sum_over_batch_size"), and its gradient with respect to the input of the network's output
/// activation. A position is one row of the output's last axis (<c>classes</c> values): a Dense(3)
/// has one per sample, a Dense(3) over 10 time steps ten, each normalised and scored on its own.
/// Where the math allows (sigmoid with binary cross-entropy, softmax with categorical
/// cross-entropy) the gradient is fused into <c>p − y</c>, which is exact and cannot overflow.
/// </summary>
public abstract class Loss
{
    /// <summary>Mean squared error.</summary>
    public static Loss MeanSquaredError { get; } = new MeanSquaredError();
    /// <summary>Mean absolute error.</summary>
    public static Loss MeanAbsoluteError { get; } = new MeanAbsoluteError();
    /// <summary>Binary cross-entropy over probabilities (one or more independent sigmoid outputs).</summary>
    public static Loss BinaryCrossEntropy { get; } = new BinaryCrossEntropy();
    /// <summary>Categorical cross-entropy over probabilities, with one-hot (or soft) labels.</summary>
    public static Loss CategoricalCrossEntropy { get; } = new CategoricalCrossEntropy();
    /// <summary>Categorical cross-entropy with one integer class id per sample.</summary>
    public static Loss SparseCategoricalCrossEntropy { get; } = new SparseCategoricalCrossEntropy();

    /// <summary>Probabilities are clipped to [ε, 1 − ε] before a logarithm, as Keras does.</summary>
    public const float Epsilon = 1e-7f;

    /// <summary>The Keras name, e.g. <c>binary_crossentropy</c>.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Label values per sample for a network with <paramref name="outputSize"/> outputs per sample
    /// and <paramref name="classes"/> values along the output's last axis.
    /// </summary>
    public virtual int LabelSize(int outputSize, int classes) => outputSize;

    /// <summary>Checks labels before training; throws with what was expected and found.</summary>
    public virtual void ValidateLabels(ReadOnlySpan<float> labels, int outputSize, int classes)
    {
        for (int i = 0; i < labels.Length; i++)
            if (!float.IsFinite(labels[i]))
                throw new ArgumentException($"Label {i} (sample {i / LabelSize(outputSize, classes)}) is {labels[i]}; expected a finite number.", nameof(labels));
    }

    /// <summary>
    /// Mean loss over every position of the batch; <paramref name="predictions"/> holds rows of
    /// <paramref name="classes"/> values (the output's last axis), one row per position.
    /// </summary>
    public abstract float Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, int classes);

    /// <summary>
    /// Writes dLoss/dz for the batch into <paramref name="gradient"/>, where z is the input of the
    /// output activation <paramref name="outputActivation"/> and <paramref name="predictions"/> its output,
    /// in rows of <paramref name="classes"/> values (a softmax output is normalised over each row).
    /// </summary>
    public void Gradient(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, Span<float> gradient, int classes, Activation outputActivation)
    {
        if (TryFusedGradient(predictions, labels, gradient, classes, outputActivation))
            return;
        GradientOfPredictions(predictions, labels, gradient, classes);
        ActivationKernels.Backward(outputActivation, predictions, gradient, classes);
    }

    /// <summary>dLoss/dp, the gradient with respect to the predictions themselves.</summary>
    protected abstract void GradientOfPredictions(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, Span<float> gradient, int classes);

    /// <summary>Writes dLoss/dz directly when the activation and loss fuse; returns false otherwise.</summary>
    protected virtual bool TryFusedGradient(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, Span<float> gradient, int classes, Activation outputActivation) => false;

    /// <inheritdoc/>
    public override string ToString() => Name;

    private protected static float Clip(float p) => Math.Clamp(p, Epsilon, 1f - Epsilon);
}
