using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Unroll.Kernels;

/// <summary>
/// The LSTM's gate activations on values held in registers, one overload per vector width and one
/// for a float, so a generated step kernel applies them to its accumulators without a store and a
/// pass over memory. Sigmoid is 1 / (1 + e⁻ˣ) and tanh is 1 − 2 / (e²ˣ + 1), both through
/// <see cref="Exp(Vector512{float})"/>: within a few float ulps of 1 of the exact values, saturating
/// to the limits for large |x| (tanh gives exactly ±1) and passing NaN through.
/// The float overloads are the scalar twin (MathF), the reference the vector bodies are tested against.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GateMath
{
    /// <summary>1 / (1 + e⁻ˣ) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Exp(-x));

    /// <summary>1 / (1 + e⁻ˣ) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    /// <summary>1 / (1 + e⁻ˣ) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x) => Vector128<float>.One / (Vector128<float>.One + Exp(-x));

    /// <summary>1 / (1 + e⁻ˣ) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>tanh x per lane: 1 − 2 / (e²ˣ + 1) (the float overload: MathF.Tanh).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
        => Vector512<float>.One - Vector512.Create(2f) / (Exp(x + x) + Vector512<float>.One);

    /// <summary>tanh x per lane: 1 − 2 / (e²ˣ + 1) (the float overload: MathF.Tanh).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
        => Vector256<float>.One - Vector256.Create(2f) / (Exp(x + x) + Vector256<float>.One);

    /// <summary>tanh x per lane: 1 − 2 / (e²ˣ + 1) (the float overload: MathF.Tanh).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x)
        => Vector128<float>.One - Vector128.Create(2f) / (Exp(x + x) + Vector128<float>.One);

    /// <summary>tanh x per lane: 1 − 2 / (e²ˣ + 1) (the float overload: MathF.Tanh).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x) => MathF.Tanh(x);

    /// <summary>max(x, 0) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Relu(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero);

    /// <summary>max(x, 0) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Relu(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);

    /// <summary>max(x, 0) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Relu(Vector128<float> x) => Vector128.Max(x, Vector128<float>.Zero);

    /// <summary>max(x, 0) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Relu(float x) => MathF.Max(x, 0f);

    /// <summary><c>clip(slope·x + 0.5, 0, 1)</c>: slope 1/6 is Keras 3's hard_sigmoid, 0.2 Keras 2's (as <see cref="ActivationKernels.HardSigmoid"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> HardSigmoid(Vector512<float> x, float slope)
        => Vector512.Min(Vector512.Max(x * slope + Vector512.Create(0.5f), Vector512<float>.Zero), Vector512<float>.One);

    /// <summary>clip(slope·x + 0.5, 0, 1) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> HardSigmoid(Vector256<float> x, float slope)
        => Vector256.Min(Vector256.Max(x * slope + Vector256.Create(0.5f), Vector256<float>.Zero), Vector256<float>.One);

    /// <summary>clip(slope·x + 0.5, 0, 1) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> HardSigmoid(Vector128<float> x, float slope)
        => Vector128.Min(Vector128.Max(x * slope + Vector128.Create(0.5f), Vector128<float>.Zero), Vector128<float>.One);

    /// <summary>clip(slope·x + 0.5, 0, 1) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HardSigmoid(float x, float slope) => MathF.Min(MathF.Max(slope * x + 0.5f, 0f), 1f);

    /// <summary>
    /// eˣ per lane, inlined with no call (the runtime's vector Exp is a call that spills every live
    /// register): x = n·ln 2 + r with n rounded to nearest by the 1.5·2²³ trick, Cephes's degree-6
    /// polynomial for eʳ (about 1 ulp), times 2ⁿ built in the exponent bits. x is clamped to
    /// [-87.3, 88.3] so that 2ⁿ stays a normal float: e⁻⁸⁷·³ ≈ 1.2e-38 and e⁸⁸·³ ≈ 2.2e38 stand for 0
    /// and ∞, which leaves sigmoid and tanh at their limits to within a float ulp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(-87.3f)), Vector512.Create(88.3f));
        Vector512<float> t = x * 1.44269504f + Vector512.Create(12582912f); // 1.5·2²³ + n: n in the low mantissa bits
        Vector512<float> n = t - Vector512.Create(12582912f);
        Vector512<float> r = Vector512.MultiplyAddEstimate(n, Vector512.Create(-0.693359375f), x); // ln 2 in two parts (Cody-Waite)
        r = Vector512.MultiplyAddEstimate(n, Vector512.Create(2.12194440e-4f), r);
        Vector512<float> p = Vector512.MultiplyAddEstimate(Vector512.Create(1.9875691500e-4f), r, Vector512.Create(1.3981999507e-3f));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(8.3334519073e-3f));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(4.1665795894e-2f));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1.6666665459e-1f));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(5.0000001201e-1f));
        p = Vector512.MultiplyAddEstimate(p, r * r, r) + Vector512<float>.One;
        // The low bits of t are 0x4B400000 + n; shifted by 23 the constant part falls off the top.
        Vector512<float> scale = Vector512.ShiftLeft(t.AsInt32() + Vector512.Create(127), 23).AsSingle();
        return p * scale;
    }

    /// <summary>
    /// eˣ per lane, inlined with no call (the runtime's vector Exp is a call that spills every live
    /// register): x = n·ln 2 + r with n rounded to nearest by the 1.5·2²³ trick, Cephes's degree-6
    /// polynomial for eʳ (about 1 ulp), times 2ⁿ built in the exponent bits. x is clamped to
    /// [-87.3, 88.3] so that 2ⁿ stays a normal float: e⁻⁸⁷·³ ≈ 1.2e-38 and e⁸⁸·³ ≈ 2.2e38 stand for 0
    /// and ∞, which leaves sigmoid and tanh at their limits to within a float ulp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-87.3f)), Vector256.Create(88.3f));
        Vector256<float> t = x * 1.44269504f + Vector256.Create(12582912f); // 1.5·2²³ + n: n in the low mantissa bits
        Vector256<float> n = t - Vector256.Create(12582912f);
        Vector256<float> r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-0.693359375f), x); // ln 2 in two parts (Cody-Waite)
        r = Vector256.MultiplyAddEstimate(n, Vector256.Create(2.12194440e-4f), r);
        Vector256<float> p = Vector256.MultiplyAddEstimate(Vector256.Create(1.9875691500e-4f), r, Vector256.Create(1.3981999507e-3f));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(8.3334519073e-3f));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(4.1665795894e-2f));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(1.6666665459e-1f));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(5.0000001201e-1f));
        p = Vector256.MultiplyAddEstimate(p, r * r, r) + Vector256<float>.One;
        // The low bits of t are 0x4B400000 + n; shifted by 23 the constant part falls off the top.
        Vector256<float> scale = Vector256.ShiftLeft(t.AsInt32() + Vector256.Create(127), 23).AsSingle();
        return p * scale;
    }

    /// <summary>
    /// eˣ per lane, inlined with no call (the runtime's vector Exp is a call that spills every live
    /// register): x = n·ln 2 + r with n rounded to nearest by the 1.5·2²³ trick, Cephes's degree-6
    /// polynomial for eʳ (about 1 ulp), times 2ⁿ built in the exponent bits. x is clamped to
    /// [-87.3, 88.3] so that 2ⁿ stays a normal float: e⁻⁸⁷·³ ≈ 1.2e-38 and e⁸⁸·³ ≈ 2.2e38 stand for 0
    /// and ∞, which leaves sigmoid and tanh at their limits to within a float ulp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> x)
    {
        x = Vector128.Min(Vector128.Max(x, Vector128.Create(-87.3f)), Vector128.Create(88.3f));
        Vector128<float> t = x * 1.44269504f + Vector128.Create(12582912f); // 1.5·2²³ + n: n in the low mantissa bits
        Vector128<float> n = t - Vector128.Create(12582912f);
        Vector128<float> r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-0.693359375f), x); // ln 2 in two parts (Cody-Waite)
        r = Vector128.MultiplyAddEstimate(n, Vector128.Create(2.12194440e-4f), r);
        Vector128<float> p = Vector128.MultiplyAddEstimate(Vector128.Create(1.9875691500e-4f), r, Vector128.Create(1.3981999507e-3f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(8.3334519073e-3f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(4.1665795894e-2f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(1.6666665459e-1f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(5.0000001201e-1f));
        p = Vector128.MultiplyAddEstimate(p, r * r, r) + Vector128<float>.One;
        // The low bits of t are 0x4B400000 + n; shifted by 23 the constant part falls off the top.
        Vector128<float> scale = Vector128.ShiftLeft(t.AsInt32() + Vector128.Create(127), 23).AsSingle();
        return p * scale;
    }
}
