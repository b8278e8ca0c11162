using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Unroll.Kernels;

/// <summary>The multiply-add the generated and runtime scalar kernels use.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ScalarMath
{
    /// <summary>
    /// Whether the CPU fuses a multiply and an add in one instruction (x64 FMA3; every Arm64 core).
    /// A JIT constant, so <see cref="MultiplyAdd"/> compiles to one of its two forms.
    /// </summary>
    public static bool HasFusedMultiplyAdd
        => System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

    /// <summary>
    /// <paramref name="a"/> · <paramref name="b"/> + <paramref name="c"/>: fused (one rounding) where
    /// the hardware fuses, else a multiply then an add (two roundings). <see cref="MathF.FusedMultiplyAdd"/>
    /// without hardware support is a software routine several times slower than the whole loop
    /// around it, and the extra rounding costs at most half an ulp of the product per step,
    /// far inside the tolerances the kernels are tested to against a float64 reference.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyAdd(float a, float b, float c)
        => HasFusedMultiplyAdd ? MathF.FusedMultiplyAdd(a, b, c) : a * b + c;

    /// <summary>The unfused form, always: what <see cref="MultiplyAdd"/> is on a CPU without FMA (for tests on any CPU).</summary>
    public static float MultiplyThenAdd(float a, float b, float c) => a * b + c;
}
