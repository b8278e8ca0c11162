using Unroll.Kernels;

namespace Unroll;

public abstract partial class Model
{
    private FusedUpdate? _fusedUpdate;
    private bool _fusingUpdate;

    /// <summary>
    /// The optimizer step the generated backward kernels apply to the weight gradients they store,
    /// during a one-thread training step that fuses it; null otherwise (the kernels then only store).
    /// </summary>
    protected FusedUpdate? FusedWeightUpdate => _fusingUpdate ? _fusedUpdate : null;

    /// <summary>
    /// The ranges of the trainable parameters whose update the generated kernels apply when they
    /// are handed <see cref="FusedWeightUpdate"/>, as (offset, length) pairs in ascending order.
    /// </summary>
    protected virtual ReadOnlySpan<int> FusedUpdateRanges => [];

    /// <summary>Whether a one-thread training step may fuse the optimizer step into the backward kernels (tests turn it off for twins).</summary>
    internal bool FusesOptimizerStep { get; set; } = true;

    // One thread, no penalty added to the gradients after the backward pass, an optimizer that updates in pieces.
    private bool FusesUpdateInto(bool update)
        => update && FusesOptimizerStep && !KeepsOptimizerStepApart && FusedUpdateRanges.Length > 0 && Optimizer.UpdatesInPieces;

    // The backward pass with the optimizer step fused into it, then the step of every parameter
    // outside the fused ranges (biases, other layers): one step, counted once.
    private void BackwardWithUpdate(ReadOnlySpan<float> inputs, int batch)
    {
        Optimizer optimizer = Optimizer;
        optimizer.BeginPieces(optimizer.BeginStep());
        Span<float> parameters = TrainableParameters, gradients = GradientBuffer;
        (_fusedUpdate ??= new FusedUpdate()).Begin(optimizer, parameters, gradients);
        _fusingUpdate = true;
        try
        {
            BackwardRange(inputs, 0, batch, gradients);
            if (WeightGradientSplit.Rows is int rows and > 0) WeightGradientRange(inputs, batch, 0, rows, gradients);
        }
        finally
        {
            _fusingUpdate = false;
            _fusedUpdate.End();
        }
        ReadOnlySpan<int> fused = FusedUpdateRanges;
        int next = 0;
        for (int r = 0; r < fused.Length; r += 2)
        {
            UpdatePiece(optimizer, parameters, gradients, next, fused[r] - next);
            next = fused[r] + fused[r + 1];
        }
        UpdatePiece(optimizer, parameters, gradients, next, gradients.Length - next);
    }

    private static void UpdatePiece(Optimizer optimizer, Span<float> parameters, Span<float> gradients, int start, int count)
    {
        if (count > 0) optimizer.UpdatePiece(parameters.Slice(start, count), gradients.Slice(start, count), start);
    }
}
