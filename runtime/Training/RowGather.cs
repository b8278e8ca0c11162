using System.Runtime.Intrinsics.X86;

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

    /// <summary>
    /// Asks the cache for rows [<paramref name="start"/>, start + <paramref name="count"/>) of the
    /// batch after this one of <paramref name="batch"/> rows (as far as the order goes): shuffled
    /// rows are scattered over the whole data set, and waiting for them from memory in the next
    /// gather cost as much as a fifth of an epoch. Each thread of a split forward pass asks for its
    /// share after its rows, so these thousands of misses to memory (some 50 µs for an MNIST batch
    /// of 128) are no longer a serial phase of the step.
    /// </summary>
    public unsafe void PrefetchNext(int batch, int start, int count, int rowSize)
    {
        if (source is null || !Sse.IsSupported) return;
        int from = first + batch + start, end = Math.Min(from + count, order.Length);
        fixed (float* data = source)
        {
            for (int i = from; i < end; i++)
            {
                byte* row = (byte*)(data + (long)order[i] * rowSize);
                for (int offset = 0; offset < rowSize * sizeof(float); offset += 64)
                    Sse.Prefetch2(row + offset);
            }
        }
    }
}
