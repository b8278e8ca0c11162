using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Unroll.Kernels;

/// <summary>
/// The optimizer step of a one-thread training step, applied by the generated backward kernels to
/// each block of weight gradients right after they store it, so the optimizer's divides overlap
/// the next block's multiply-adds. Exists only while such a backward pass runs.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed unsafe class FusedUpdate
{
    private Optimizer? _optimizer;
    // Both buffers are pinned (AlignedBuffer): a stored gradient's offset is its distance from the first.
    private float* _parameters, _gradients;
    private int _length;
    private static readonly int ProtoMode = int.TryParse(Environment.GetEnvironmentVariable("UNROLL_PROTO_MODE"), out int m) ? m : 0;

    internal void Begin(Optimizer optimizer, Span<float> parameters, Span<float> gradients)
    {
        _optimizer = optimizer;
        _parameters = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(parameters));
        _gradients = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(gradients));
        _length = gradients.Length;
    }

    private int _pendingStart, _pendingEnd;

    private void Flush()
    {
        if (_pendingEnd > _pendingStart) Update(_pendingStart, _pendingEnd - _pendingStart);
        _pendingStart = _pendingEnd = 0;
    }

    internal void End()
    {
        Flush();
        _optimizer = null;
    }

    /// <summary>Updates the weights of <paramref name="rows"/> rows of <paramref name="columns"/> gradients just stored from <paramref name="first"/>, rows <paramref name="stride"/> apart.</summary>
    public void Rows(ref float first, int rows, int columns, int stride)
    {
        if (ProtoMode == 1) return;
        if (ProtoMode >= 3)
        {
            int at = (int)((float*)Unsafe.AsPointer(ref first) - _gradients);
            if (at != _pendingEnd) Flush();
            if (_pendingStart == _pendingEnd) _pendingStart = at;
            _pendingEnd = at + rows * columns;
            int n = Math.Min(ProtoMode, _pendingEnd - _pendingStart);
            Update(_pendingStart, n);
            _pendingStart += n;
            return;
        }
        int offset = (int)((float*)Unsafe.AsPointer(ref first) - _gradients);
        if (columns == stride)
        {
            Update(offset, rows * columns);
            return;
        }
        for (int r = 0; r < rows; r++) Update(offset + r * stride, columns);
    }

    private void Update(int offset, int count)
    {
        if ((uint)offset > (uint)_length || (uint)count > (uint)(_length - offset)) throw new ArgumentOutOfRangeException(nameof(offset));
        _optimizer!.UpdatePiece(new Span<float>(_parameters + offset, count), new ReadOnlySpan<float>(_gradients + offset, count), offset);
    }
}
