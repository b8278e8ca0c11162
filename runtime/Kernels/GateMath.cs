using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Unroll.Kernels;

/// <summary>
/// The LSTM's gate activations on values held in registers, one overload per vector width and one
/// for a float, so a generated step kernel applies them to its accumulators without a store and a
/// pass over memory. Sigmoid is 1 / (1 + e⁻ˣ) and tanh is 1 − 2 / (e²ˣ + 1), both through the
/// vector <c>Exp</c>: within a few float ulps of 1 of the exact values, saturating to the limits
/// for large |x| (e²ˣ overflows to ∞, so tanh gives exactly ±1) and passing NaN through.
/// The float overloads are the scalar twin (MathF), the reference the vector bodies are tested against.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GateMath
{
    /// <summary>1 / (1 + e⁻ˣ) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-x));

    /// <summary>1 / (1 + e⁻ˣ) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-x));

    /// <summary>1 / (1 + e⁻ˣ) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x) => Vector128<float>.One / (Vector128<float>.One + Vector128.Exp(-x));

    /// <summary>1 / (1 + e⁻ˣ) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>tanh x per lane: 1 − 2 / (e²ˣ + 1) (the float overload: MathF.Tanh).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
        => Vector512<float>.One - Vector512.Create(2f) / (Vector512.Exp(x + x) + Vector512<float>.One);

    /// <summary>tanh x per lane: 1 − 2 / (e²ˣ + 1) (the float overload: MathF.Tanh).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
        => Vector256<float>.One - Vector256.Create(2f) / (Vector256.Exp(x + x) + Vector256<float>.One);

    /// <summary>tanh x per lane: 1 − 2 / (e²ˣ + 1) (the float overload: MathF.Tanh).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x)
        => Vector128<float>.One - Vector128.Create(2f) / (Vector128.Exp(x + x) + Vector128<float>.One);

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
}
