namespace Unroll;

/// <summary>Which kernels a network runs (<see cref="Model.KernelWidth"/>).</summary>
public enum KernelWidth
{
    /// <summary>The widest vector kernels the CPU accelerates (the default).</summary>
    Widest = 0,

    /// <summary>
    /// Vectors of at most 256 bits: the AVX2 kernels, forced on an AVX-512 CPU to check or measure
    /// that path; the narrower kernels where Vector256 is not accelerated.
    /// </summary>
    Vector256 = 3,

    /// <summary>The scalar kernels only: to check the vector paths against, or to diagnose them.</summary>
    Scalar = 1,

    /// <summary>
    /// Vectors of at most 128 bits: what Arm64 (AdvSimd) and x64 without AVX2 run, forced on a wider
    /// CPU to check or measure that path; the scalar kernels where Vector128 is not accelerated.
    /// </summary>
    Vector128 = 2,
}
