namespace Unroll;

/// <summary>Which kernels a network runs (<see cref="Model.KernelWidth"/>).</summary>
public enum KernelWidth
{
    /// <summary>The widest vector kernels the CPU accelerates (the default).</summary>
    Widest = 0,

    /// <summary>The scalar kernels only: to check the vector paths against, or to diagnose them.</summary>
    Scalar = 1,
}
