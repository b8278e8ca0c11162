namespace Unroll;

/// <summary>
/// The rows of a batch, taken from a data set in a given order (Fit's shuffle) and copied into
/// the batch buffer by the forward pass that reads them: split over threads, each thread copies
/// its own rows, so the gather from a large data set is no longer a serial phase of the step.
/// Holds arrays, not spans, so the worker pool can keep it for a job. The default value gathers
/// nothing (the rows are already in place).
/// </summary>
internal readonly struct RowGather(float[] source, int[] order, int first, float[] destination)
{
    public bool IsEmpty => source is null;

    /// <summary>Copies rows [<paramref name="start"/>, start + <paramref name="count"/>) of the batch into place.</summary>
    public void Copy(int start, int count, int rowSize)
    {
        if (source is null) return;
        for (int i = start; i < start + count; i++)
            source.AsSpan(order[first + i] * rowSize, rowSize).CopyTo(destination.AsSpan(i * rowSize, rowSize));
    }
}
