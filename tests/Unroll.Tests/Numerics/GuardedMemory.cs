using System.Runtime.InteropServices;

namespace Unroll.Tests.Numerics;

/// <summary>
/// Floats that end exactly where inaccessible pages begin (Linux: mprotect PROT_NONE), so a read
/// past the end kills the process instead of reading whatever lies there. The guard is
/// <c>guardFactor</c> times the data's size, so a read that starts far past the end faults too.
/// </summary>
internal sealed unsafe class GuardedMemory : IDisposable
{
    private const int ProtNone = 0, ProtReadWrite = 3;
    private readonly byte* _block;
    private readonly nuint _guardOffset, _guardLength;

    public GuardedMemory(ReadOnlySpan<float> values, int guardFactor)
    {
        nuint page = (nuint)Environment.SystemPageSize;
        nuint data = RoundUp((nuint)values.Length * sizeof(float), page);
        _guardLength = RoundUp((nuint)values.Length * sizeof(float) * (nuint)guardFactor + page, page);
        _guardOffset = data;
        _block = (byte*)NativeMemory.AlignedAlloc(data + _guardLength, page);
        float* start = (float*)(_block + data) - values.Length;
        values.CopyTo(new Span<float>(start, values.Length));
        Length = values.Length;
        Start = start;
        if (mprotect(_block + _guardOffset, _guardLength, ProtNone) != 0)
            throw new InvalidOperationException($"mprotect failed with errno {Marshal.GetLastPInvokeError()}.");
    }

    public static bool Supported => OperatingSystem.IsLinux();

    private float* Start { get; }

    public int Length { get; }

    public ReadOnlySpan<float> Span => new(Start, Length);

    public void Dispose()
    {
        mprotect(_block + _guardOffset, _guardLength, ProtReadWrite);
        NativeMemory.AlignedFree(_block);
    }

    private static nuint RoundUp(nuint value, nuint page) => (value + page - 1) / page * page;

    [DllImport("libc", SetLastError = true)]
    private static extern int mprotect(void* address, nuint length, int protection);
}
