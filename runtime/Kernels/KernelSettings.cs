using System.ComponentModel;

namespace Unroll.Kernels;

/// <summary>What the generated and runtime kernels read to pick their path; set per model through <see cref="Model.KernelWidth"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class KernelSettings
{
    /// <summary>No limit: the widest vectors the CPU accelerates.</summary>
    private const int Unlimited = 512;

    // Set for the length of one model's call into its kernels, on the thread that runs them
    // (the caller's or a pool worker's), so two networks on two threads never see each other's choice.
    // Zero (the thread-static default) is no limit.
    [ThreadStatic] private static int t_maxWidth;

    // Whether any scope has narrowed the width, on any thread, since the process started. Until one
    // does, no thread-static holds anything but 0 and MaxWidth answers without reading it (a helper
    // call per read outside the main assembly, once per kernel call). A thread that narrows sets this
    // before its own thread-static, so it always sees its own setting; another thread reading a stale
    // false has a thread-static of 0 anyway.
    private static bool s_narrowed;

    /// <summary>
    /// The widest vector, in bits, the kernels on this thread may use for the current network: 512
    /// for <see cref="KernelWidth.Widest"/>, 256 for <see cref="KernelWidth.Vector256"/>, 128 for <see cref="KernelWidth.Vector128"/>, 32 (one float)
    /// for <see cref="KernelWidth.Scalar"/>. Kernels test <c>VectorNNN.IsHardwareAccelerated &amp;&amp; MaxWidth &gt;= NNN</c>.
    /// </summary>
    public static int MaxWidth
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        get => s_narrowed ? NarrowedWidth() : Unlimited;
    }

    private static int NarrowedWidth() => t_maxWidth == 0 ? Unlimited : t_maxWidth;

    /// <summary>True while the kernels on this thread run for a network whose <see cref="Model.KernelWidth"/> is <see cref="KernelWidth.Scalar"/>.</summary>
    public static bool ForceScalar => MaxWidth < 128;

    /// <summary>Whether a Vector512 body may run: accelerated (AVX-512), and allowed by the network's width.</summary>
    public static bool UseVector512 => System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated && MaxWidth >= 512;

    /// <summary>Whether a Vector256 body may run: accelerated, and allowed by the network's width.</summary>
    public static bool UseVector256 => System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated && MaxWidth >= 256;

    /// <summary>Whether a Vector128 body may run: accelerated, and allowed by the network's width.</summary>
    public static bool UseVector128 => System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated && MaxWidth >= 128;

    /// <summary>The bit width <paramref name="width"/> allows.</summary>
    internal static int Bits(KernelWidth width) => width switch
    {
        KernelWidth.Scalar => 32,
        KernelWidth.Vector128 => 128,
        KernelWidth.Vector256 => 256,
        _ => Unlimited,
    };

    /// <summary>
    /// Applies <paramref name="width"/> to this thread until the scope is disposed. Only a network
    /// that asks for narrower kernels than the widest touches the thread-static: the scopes wrap calls
    /// into generated kernels, which never call user code, so no other network's call can run
    /// inside one, and the default path costs a comparison.
    /// </summary>
    internal static Scope Use(KernelWidth width) => new(width == KernelWidth.Widest ? 0 : Bits(width));

    internal readonly ref struct Scope
    {
        private readonly bool _active;
        private readonly int _previous;

        // 0: the default (no limit), which needs no write.
        public Scope(int maxWidth)
        {
            if (maxWidth == 0) return;
            s_narrowed = true;
            _active = true;
            _previous = t_maxWidth;
            t_maxWidth = maxWidth;
        }

        public void Dispose()
        {
            if (_active) t_maxWidth = _previous;
        }
    }
}
