using Unroll.Kernels;

namespace Unroll;

public abstract partial class Model
{
    // Predict runs large inputs in chunks whose workspace stays near the caches (8 MB per thread the
    // chunk is split over), between 32 and 256 samples per thread: each chunk is a hand-over to the
    // workers, and each thread's rows of a chunk read every weight once (the Fashion-MNIST CNN's
    // 2.8 MB Dense kernel: 32 samples per thread instead of 16 made its two-thread predict 1.1-1.2x faster).
    private const int PredictWorkspaceBudget = 1 << 21;

    /// <summary>
    /// Predicts the outputs of every sample in <paramref name="inputs"/> (one or many, flat, row-major)
    /// into <paramref name="outputs"/>. Allocates nothing once the workspace is large enough.
    /// </summary>
    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        using UseScope use = EnterUse();
        PredictCore(inputs, outputs);
    }

    /// <summary>
    /// Predicts into <paramref name="outputs"/> running <paramref name="batchSize"/> samples per
    /// forward pass (Keras <c>predict(x, batch_size)</c>, the same meaning as
    /// <see cref="Evaluate(float[], float[], int)"/>'s): the outputs are the same for any batch
    /// size; it only bounds the workspace and sets how work is split across threads.
    /// </summary>
    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs, int batchSize)
    {
        using UseScope use = EnterUse();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (FixedBatchSize is int fixedBatch && batchSize != fixedBatch)
            throw new ArgumentException($"{Name} is stateful with batches of {fixedBatch}; got batchSize {batchSize}.", nameof(batchSize));
        PredictCore(inputs, outputs, batchSize);
    }

    /// <summary>Predicts every sample, <paramref name="batchSize"/> per forward pass; see <see cref="Predict(ReadOnlySpan{float}, Span{float}, int)"/>.</summary>
    public float[] Predict(ReadOnlySpan<float> inputs, int batchSize)
    {
        int samples = DataChecks.SampleCount(this, inputs, nameof(inputs));
        var outputs = new float[samples * OutputSize];
        Predict(inputs, outputs, batchSize);
        return outputs;
    }

    /// <summary>Predicts one output row per input row, <paramref name="batchSize"/> rows per forward pass.</summary>
    public Matrix Predict(Matrix inputs, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        CheckColumns(inputs, nameof(inputs));
        return new Matrix(inputs.Rows, OutputSize, Predict(inputs.Data, batchSize));
    }

    /// <summary>
    /// The outputs of one batch in a single forward pass (Keras <c>predict_on_batch</c>): every
    /// sample of <paramref name="inputs"/> at once, however many.
    /// </summary>
    public float[] PredictOnBatch(ReadOnlySpan<float> inputs)
        => Predict(inputs, FixedBatchSize ?? DataChecks.SampleCount(this, inputs, nameof(inputs)));

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void PredictSampleNarrowed(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        using KernelSettings.Scope kernels = KernelSettings.Use(KernelWidth);
        PredictSample(inputs, outputs);
    }

    // Predict without the one-thread check: a Predictor's instances are claimed one caller at a time.
    // Without a batch size, large inputs run in chunks sized for the caches.
    internal void PredictCore(ReadOnlySpan<float> inputs, Span<float> outputs, int? batchSize = null)
    {
        if (batchSize is null && inputs.Length == InputSize && outputs.Length == OutputSize && FixedBatchSize is null)
        {
            // The single-sample path is latency-bound: no scope (a try/finally) unless the width is narrowed.
            if (KernelWidth == KernelWidth.Widest) PredictSample(inputs, outputs);
            else PredictSampleNarrowed(inputs, outputs);
            return;
        }
        int samples = DataChecks.SampleCount(this, inputs, nameof(inputs));
        if (outputs.Length != samples * OutputSize)
            throw new ArgumentException($"{samples} samples give {samples * OutputSize} outputs, but the destination holds {outputs.Length}.", nameof(outputs));
        int chunk = FixedBatchSize ?? Math.Min(samples, batchSize ?? Math.Clamp(PredictWorkspaceBudget / Math.Max(WorkspacePerSample, 1), 32, 256) * ThreadsFor(256));
        if (chunk > 0) PackPanelsWhenReused(passes: (samples + chunk - 1) / chunk);
        EnsureCapacity(chunk);
        for (int start = 0; start < samples; start += chunk)
        {
            int batch = Math.Min(chunk, samples - start);
            Forward(inputs.Slice(start * InputSize, batch * InputSize), batch, training: false)
                .CopyTo(outputs.Slice(start * OutputSize, batch * OutputSize));
        }
    }

    /// <summary>Predicts the outputs of every sample in <paramref name="inputs"/> (flat, row-major).</summary>
    public float[] Predict(ReadOnlySpan<float> inputs)
    {
        int samples = DataChecks.SampleCount(this, inputs, nameof(inputs));
        var outputs = new float[samples * OutputSize];
        Predict(inputs, outputs);
        return outputs;
    }

    /// <summary>
    /// The predicted class of every sample (of every position, for sequence outputs), as Keras's
    /// old <c>predict_classes</c> and <c>argmax</c> give it: with one output per position, 1 when it
    /// exceeds 0.5 (a sigmoid's probability) and 0 otherwise; with several, the index of the largest
    /// (the first on a tie).
    /// </summary>
    public int[] PredictClasses(ReadOnlySpan<float> inputs) => ArgMax(Predict(inputs), OutputClasses);

    /// <summary>The predicted class of every row of <paramref name="inputs"/>; see <see cref="PredictClasses(ReadOnlySpan{float})"/>.</summary>
    public int[] PredictClasses(Matrix inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        CheckColumns(inputs, nameof(inputs));
        return PredictClasses(inputs.Data);
    }

    /// <summary>
    /// Classes from outputs laid out in rows of <paramref name="classes"/> values: the index of each
    /// row's largest value (the first on a tie), or for rows of one value, 1 when it exceeds 0.5.
    /// </summary>
    public static int[] ArgMax(ReadOnlySpan<float> outputs, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if (outputs.Length % classes != 0)
            throw new ArgumentException($"{outputs.Length} outputs are not a whole number of rows of {classes} classes.", nameof(outputs));
        var ids = new int[outputs.Length / classes];
        for (int r = 0; r < ids.Length; r++)
        {
            ReadOnlySpan<float> row = outputs.Slice(r * classes, classes);
            ids[r] = classes == 1 ? (row[0] > 0.5f ? 1 : 0) : Accuracy.ArgMax(row); // the class accuracy scores
        }
        return ids;
    }

    /// <summary>Predicts one output row per input row.</summary>
    public Matrix Predict(Matrix inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        CheckColumns(inputs, nameof(inputs));
        return new Matrix(inputs.Rows, OutputSize, Predict(inputs.Data));
    }

    // A label matrix must have the shape the loss reads, not merely as many values: a transposed
    // or reshaped matrix with the right count would otherwise train on scrambled labels.
    private void CheckLabels(Matrix inputs, Matrix labels, string parameter)
    {
        int columns = Loss.LabelSize(OutputSize, OutputClasses);
        if (labels.Rows != inputs.Rows || labels.Columns != columns)
            throw new ArgumentException(
                $"{Name} with {Loss.Name} takes labels of shape ({inputs.Rows}, {columns}) for {inputs.Rows} samples, but the label matrix is ({labels.Rows}, {labels.Columns}).",
                parameter);
    }

    internal void CheckColumns(Matrix inputs, string parameter)
    {
        if (inputs.Columns != InputSize)
            throw new ArgumentException($"{Name} takes {InputSize} features per sample, but the matrix has {inputs.Columns} columns.", parameter);
    }
}
