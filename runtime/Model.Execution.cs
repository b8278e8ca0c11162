using Unroll.Kernels;

namespace Unroll;

public abstract partial class Model
{
    // A hand-over to the workers costs a few microseconds: split a batch only when it is large
    // (32+ samples) and the step has real work (batch × multiply-adds per sample ≥ 2^18).
    private const int ParallelMinimumBatch = 32;
    private const long ParallelMinimumWork = 1 << 18;
    private int _threads = Math.Min(Environment.ProcessorCount, WorkerPool.MaxThreads);
    private float[][] _partialGradients = [];

    /// <summary>
    /// Threads used for large batches (32 samples or more, and enough work per step to pay for the
    /// hand-over; default: all cores, at most 8), on a process-wide worker pool; each call hands
    /// its work to exactly its own workers. An inference pass (Predict, Evaluate) of 64+ samples per
    /// thread cuts the batch into 32-row blocks, a training forward pass of 32+ samples per thread
    /// into 16-row blocks, that the threads, the caller's included, claim one at a time, so a thread
    /// slowed by other work on the machine (or on a slower core) does fewer blocks instead of
    /// holding up the batch. The backward pass splits the batch into one contiguous row range per
    /// thread, each range's weight gradient in its own buffer; the threads claim the ranges whole,
    /// then the slices of the sum of those buffers (and of the optimizer step), so a thread that
    /// comes late finds its range done by another instead of holding up the step.
    /// Guaranteed: the same seed, data, arguments and thread count on the same machine give the
    /// same bits, run after run, whatever else the process is doing. A different thread count
    /// gives the same predictions but not the same training: each range's weight gradient is summed
    /// on its own and the sums are added in a fixed order, so the rounding differs (except a wide
    /// output layer's or a large other layer's, split by its rows with each thread summing over the
    /// whole batch). A sample's prediction may differ in its last bits with its position in the
    /// batch (4-row blocks, tail rows and the single-sample path sum in different orders).
    /// </summary>
    public int Threads
    {
        get => _threads;
        set
        {
            if (value is < 1 or > WorkerPool.MaxThreads)
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Threads must be in [1, {WorkerPool.MaxThreads}].");
            _threads = value;
        }
    }

    // The thread count for a batch: 1 unless it is worth splitting. Each pass reads Threads once,
    // so a change between calls (or from another thread) never splits one pass two ways.
    private int ThreadsFor(int batch)
    {
        int threads = _threads;
        return threads > 1 && batch >= ParallelMinimumBatch && batch * MultiplyAddsPerSample >= ParallelMinimumWork ? threads : 1;
    }

    /// <summary>Checked forward pass over a batch, split across threads when it is large enough.</summary>
    internal ReadOnlySpan<float> Forward(ReadOnlySpan<float> inputs, int batch, bool training) => Forward(inputs, batch, training, default);

    /// <summary>
    /// The forward pass, with the rows of <paramref name="inputs"/> first gathered into place by
    /// <paramref name="gather"/> (unless it is empty): by each thread for its own rows when split.
    /// </summary>
    internal ReadOnlySpan<float> Forward(ReadOnlySpan<float> inputs, int batch, bool training, RowGather gather)
    {
        CheckBatch(inputs, batch);
        PrepareForward(batch, training);
        int threads = ThreadsFor(batch);
        if (threads > 1 && SplitsForwardColumns)
        {
            // Every part reads the whole batch, so the rows are gathered before the hand-over.
            gather.Copy(0, batch, InputSize);
            gather.PrefetchNext(batch, 0, batch, InputSize);
            WorkerPool.Shared.ForwardColumns(this, inputs, batch, threads);
        }
        else if (threads > 1) WorkerPool.Shared.Forward(this, inputs, batch, training, threads, gather);
        else
        {
            gather.Copy(0, batch, InputSize);
            using KernelSettings.Scope kernels = KernelSettings.Use(KernelWidth);
            ForwardRange(inputs, 0, batch, training);
            gather.PrefetchNext(batch, 0, batch, InputSize);
        }
        return Outputs(batch);
    }

    /// <summary>
    /// Backward pass over the batch of the last training forward pass. With <paramref name="update"/>,
    /// a split pass also applies the optimizer step inside the same job when it can (returns true):
    /// each thread updates the slice whose gradient sum it made, as <see cref="ApplyOptimizer"/>'s
    /// split update would, so the bits are the same and one hand-over and one pass over the
    /// gradients are saved. Not when regularization adds to the gradients after this pass.
    /// </summary>
    internal bool Backward(ReadOnlySpan<float> inputs, int batch, bool update = false)
    {
        PrepareBackward();
        int threads = ThreadsFor(batch);
        if (threads > 1)
        {
            if (_partialGradients.Length < threads - 1)
                _partialGradients = Enumerable.Range(0, threads - 1).Select(_ => new float[TrainableParameterCount]).ToArray();
            bool fused = update && TrainableParameterCount >= ParallelMinimumParameters && !KeepsOptimizerStepApart;
            WorkerPool.Shared.Backward(this, inputs, batch, GradientBuffer, _partialGradients, threads, fused ? Optimizer.BeginStep() : 0);
            return fused;
        }
        using KernelSettings.Scope kernels = KernelSettings.Use(KernelWidth);
        BackwardRange(inputs, 0, batch, GradientBuffer);
        if (WeightGradientSplit.Rows is int rows and > 0) WeightGradientRange(inputs, batch, 0, rows, GradientBuffer);
        return false;
    }

    /// <summary>
    /// Whether <see cref="Regularization"/> adds anything: the generated class says so where it
    /// overrides it (a network with kernel regularizers), so Fit keeps the optimizer step apart.
    /// </summary>
    protected virtual bool AddsRegularization => false;

    // Fit fuses the optimizer step into a split backward pass only when no penalty adds to the gradients afterwards.
    internal bool KeepsOptimizerStepApart => AddsRegularization;

    // Updates of fewer parameters than this are not worth a hand-over.
    private const int ParallelMinimumParameters = 1 << 14;

    /// <summary>One optimizer step over the trainable part of the buffer, split across threads when it is large.</summary>
    internal void ApplyOptimizer()
    {
        ThrowIfShared("update its weights");
        int threads = _threads;
        if (threads > 1 && TrainableParameterCount >= ParallelMinimumParameters) WorkerPool.Shared.Update(this, threads);
        else Optimizer.Apply(TrainableParameters, Gradients);
    }

    /// <summary>
    /// The kernels this network runs: the widest vector kernels the CPU accelerates, or the scalar
    /// ones (to check the vector paths against them). Per network and per call, so networks on
    /// other threads are not affected; a <see cref="Predictor"/> keeps the setting its network had when it was made.
    /// </summary>
    public KernelWidth KernelWidth { get; set; }

    // The worker pool's entry points into the generated code.
    internal void RunForwardRange(ReadOnlySpan<float> inputs, int start, int count, bool training)
    {
        using KernelSettings.Scope kernels = KernelSettings.Use(KernelWidth);
        ForwardRange(inputs, start, count, training);
    }

    /// <summary>Whether a split forward pass is cut by output columns (<see cref="SplitsForwardColumns"/>).</summary>
    internal bool SplitsForwardByColumns => SplitsForwardColumns;

    internal void RunForwardColumns(ReadOnlySpan<float> inputs, int batch, int part, int parts)
    {
        using KernelSettings.Scope kernels = KernelSettings.Use(KernelWidth);
        ForwardColumns(inputs, batch, part, parts);
    }

    internal void RunBackwardRange(ReadOnlySpan<float> inputs, int start, int count, Span<float> gradients)
    {
        using KernelSettings.Scope kernels = KernelSettings.Use(KernelWidth);
        BackwardRange(inputs, start, count, gradients);
    }

    /// <summary>The slice of the gradients whose rows the threads split (<see cref="WeightGradientSplit"/>).</summary>
    internal (int Offset, int Rows, int Columns) SplitWeightGradient => WeightGradientSplit;

    /// <summary>Whether the parts of <see cref="SplitWeightGradient"/> start only once every row range is done.</summary>
    internal bool SplitWeightGradientWaitsForRanges => WeightGradientSplitWaitsForRanges;

    internal void RunWeightGradientRange(ReadOnlySpan<float> inputs, int batch, int rowStart, int rowEnd, Span<float> gradients)
    {
        using KernelSettings.Scope kernels = KernelSettings.Use(KernelWidth);
        WeightGradientRange(inputs, batch, rowStart, rowEnd, gradients);
    }

    private void CheckBatch(ReadOnlySpan<float> inputs, int batch)
    {
        if (FixedBatchSize is int fixedBatch && batch != fixedBatch)
            throw new ArgumentException($"{Name} is stateful with batches of {fixedBatch} samples (each row carries its own state); got a batch of {batch}.");
        // The generated kernels index without bounds checks, so the sizes are checked here, once.
        if ((uint)(batch - 1) >= (uint)Capacity || inputs.Length < batch * InputSize)
            throw new ArgumentException($"{Name}: a batch of {batch} needs {batch * InputSize} inputs and a workspace of at least {batch} samples; got {inputs.Length} inputs and capacity {Capacity}.");
    }
}
