using System.ComponentModel;

namespace Unroll.Kernels;

/// <summary>Switches read by generated kernels. For tests and diagnosis, not for tuning.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class KernelSettings
{
    /// <summary>
    /// When true, generated networks take their scalar path even where vector hardware is
    /// available, so tests can check that the two paths agree.
    /// </summary>
    public static bool ForceScalar { get; set; }
}
