using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Unroll;

/// <summary>
/// A float buffer whose first element sits on a 64-byte boundary (one cache line, one
/// AVX-512 vector), so vector loads of the parameter and gradient buffers never split a line.
/// Backed by a pinned array, so the alignment holds for the buffer's whole life.
/// </summary>
internal sealed class AlignedBuffer
{
    private const int AlignmentBytes = 64;
    private readonly float[] _storage;
    private readonly int _offset;

    /// <summary>Allocates <paramref name="length"/> zeroed floats.</summary>
    public AlignedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        _storage = GC.AllocateArray<float>(length + AlignmentBytes / sizeof(float), pinned: true);
        unsafe
        {
            nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_storage));
            int misalignment = (int)(address % AlignmentBytes);
            _offset = misalignment == 0 ? 0 : (AlignmentBytes - misalignment) / sizeof(float);
        }
    }

    /// <summary>Number of floats.</summary>
    public int Length { get; }

    /// <summary>The aligned floats.</summary>
    public Span<float> Span => _storage.AsSpan(_offset, Length);
}
