using Unroll.Kernels;

namespace Unroll.Tests.Numerics;

/// <summary>
/// The scalar multiply-add: fused where the CPU fuses, a multiply then an add elsewhere (no software
/// FMA). The two differ only in rounding; both stay within tolerance of a float64 reference.
/// </summary>
public class ScalarMathTests
{
    [Fact]
    public void Multiply_add_is_fused_exactly_where_the_hardware_fuses()
    {
        // 1 + 2⁻²³ squared is 1 + 2⁻²² + 2⁻⁴⁶: the fused form keeps the 2⁻⁴⁶ after subtracting (1 + 2⁻²²), the unfused one rounds it away.
        float a = 1f + MathF.Pow(2, -23), c = -(1f + MathF.Pow(2, -22));
        float fused = MathF.FusedMultiplyAdd(a, a, c), unfused = ScalarMath.MultiplyThenAdd(a, a, c);
        Assert.Equal(MathF.Pow(2, -46), fused);
        Assert.Equal(0f, unfused);
        bool hardware = System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;
        Assert.Equal(hardware, ScalarMath.HasFusedMultiplyAdd);
        Assert.Equal(hardware ? fused : unfused, ScalarMath.MultiplyAdd(a, a, c));
    }

    [Theory]
    [InlineData(12)]
    [InlineData(784)]
    [InlineData(4096)]
    public void Fused_and_unfused_dot_products_both_match_the_float64_reference(int length)
    {
        var random = new SeededRandom(7);
        float[] x = GradientCheckTests.RandomArray(random, length, 1), w = GradientCheckTests.RandomArray(random, length, 1);
        double reference = 0, magnitude = 0;
        float fused = 0f, unfused = 0f;
        for (int i = 0; i < length; i++)
        {
            reference += (double)x[i] * w[i];
            magnitude += Math.Abs((double)x[i] * w[i]);
            fused = MathF.FusedMultiplyAdd(x[i], w[i], fused);
            unfused = ScalarMath.MultiplyThenAdd(x[i], w[i], unfused);
        }
        // The error bound of a recursive sum: length · ε · Σ|xᵢwᵢ|, with ε = 2⁻²⁴ (one more rounding per step unfused).
        double bound = 2 * length * Math.Pow(2, -24) * magnitude;
        Assert.InRange(Math.Abs(fused - reference), 0, bound);
        Assert.InRange(Math.Abs(unfused - reference), 0, bound);
    }
}
