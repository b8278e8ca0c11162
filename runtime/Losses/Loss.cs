using Unroll.Kernels;

namespace Unroll;

/// <summary>
/// A loss: the mean over the batch of a per-sample loss, as Keras reduces it, and its gradient
/// with respect to the input of the network's output activation. Where the math allows
/// (sigmoid with binary cross-entropy, softmax with categorical cross-entropy) the gradient is
/// fused into <c>p − y</c>, which is exact and cannot overflow.
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

    /// <summary>Label values per sample for a network with <paramref name="outputSize"/> outputs.</summary>
    public virtual int LabelSize(int outputSize) => outputSize;

    /// <summary>Checks labels before training; throws with what was expected and found.</summary>
    public virtual void ValidateLabels(ReadOnlySpan<float> labels, int outputSize)
    {
        for (int i = 0; i < labels.Length; i++)
            if (!float.IsFinite(labels[i]))
                throw new ArgumentException($"Label {i} (sample {i / LabelSize(outputSize)}) is {labels[i]}; expected a finite number.", nameof(labels));
    }

    /// <summary>Mean loss over the batch; <paramref name="predictions"/> holds (batch, units) outputs.</summary>
    public abstract float Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, int units);

    /// <summary>
    /// Writes dLoss/dz for the batch into <paramref name="gradient"/>, where z is the input of the
    /// output activation <paramref name="outputActivation"/> and <paramref name="predictions"/> its output.
    /// </summary>
    public void Gradient(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, Span<float> gradient, int units, Activation outputActivation)
    {
        if (TryFusedGradient(predictions, labels, gradient, units, outputActivation))
            return;
        GradientOfPredictions(predictions, labels, gradient, units);
        ActivationKernels.Backward(outputActivation, predictions, gradient, units);
    }

    /// <summary>dLoss/dp, the gradient with respect to the predictions themselves.</summary>
    protected abstract void GradientOfPredictions(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, Span<float> gradient, int units);

    /// <summary>Writes dLoss/dz directly when the activation and loss fuse; returns false otherwise.</summary>
    protected virtual bool TryFusedGradient(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, Span<float> gradient, int units, Activation outputActivation) => false;

    /// <inheritdoc/>
    public override string ToString() => Name;

    private protected static float Clip(float p) => Math.Clamp(p, Epsilon, 1f - Epsilon);
}
