using System.ComponentModel;

namespace Unroll.Kernels;

/// <summary>What the generated and runtime kernels read to pick their path; set per model through <see cref="Model.KernelWidth"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class KernelSettings
{
    // Set for the length of one model's call into its kernels, on the thread that runs them
    // (the caller's or a pool worker's), so two networks on two threads never see each other's choice.
    [ThreadStatic] private static bool t_forceScalar;

    /// <summary>True while the kernels on this thread run for a network whose <see cref="Model.KernelWidth"/> is <see cref="KernelWidth.Scalar"/>.</summary>
    public static bool ForceScalar => t_forceScalar;

    /// <summary>
    /// Applies <paramref name="width"/> to this thread until the scope is disposed. Only a network
    /// that asks for other kernels than the widest touches the thread-static: the scopes wrap calls
    /// into generated kernels, which never call user code, so no other network's call can run
    /// inside one, and the default path costs a comparison.
    /// </summary>
    internal static Scope Use(KernelWidth width) => new(width == KernelWidth.Scalar);

    internal readonly ref struct Scope
    {
        private readonly bool _active;
        private readonly bool _previous;

        public Scope(bool forceScalar)
        {
            if (!forceScalar) return;
            _active = true;
            _previous = t_forceScalar;
            t_forceScalar = true;
        }

        public void Dispose()
        {
            if (_active) t_forceScalar = _previous;
        }
    }
}
