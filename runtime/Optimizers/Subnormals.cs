using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Unroll;

/// <summary>
/// Flushes subnormal optimizer state to zero, and zeroes an operand whose product would be
/// subnormal before the multiply (<see cref="ZeroBelow(float, int)"/>). A moment whose gradient
/// has stopped (a dead ReLU unit's weights) decays geometrically and turns subnormal within a
/// thousand steps; on Intel CPUs every arithmetic operation that reads or writes a subnormal takes
/// a microcode assist of about a hundred cycles, and such state made the Adam update 80 % of an
/// MNIST epoch. TensorFlow runs its CPU kernels with flush-to-zero on, so Keras's moments become
/// zero there too; the weight change this drops is below 10⁻³⁰. The test reads the exponent bits
/// as integers, so the check itself never touches the floating-point unit with a subnormal.
/// </summary>
internal static class Subnormals
{
    private const int ExponentBits = 0x7F80_0000;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Flush(float x) => (BitConverter.SingleToInt32Bits(x) & ExponentBits) == 0 ? 0f : x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Flush(Vector512<float> x)
        => Vector512.AndNot(x, Vector512.Equals(x.AsInt32() & Vector512.Create(ExponentBits), Vector512<int>.Zero).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Flush(Vector<float> x)
        => Vector.AndNot(x, Vector.AsVectorSingle(Vector.Equals(Vector.AsVectorInt32(x) & new Vector<int>(ExponentBits), Vector<int>.Zero)));

    // Flushing a result after the fact is not enough: the product that makes a subnormal takes the
    // assist before any flush. A gradient below 3·10⁻¹⁸ squares to one (Adam's (1 − β₂)·g²); a
    // moment whose gradient stopped passes through the range where α·m is one for dozens of steps,
    // which made the early epochs' Adam steps 2–7× slower. So an operand whose product would be
    // subnormal is zeroed before the multiply, compared as bits: what flush-to-zero (TensorFlow's
    // CPU setting) makes of that product, without computing it.

    private const float MinNormal = 1.17549435e-38f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ZeroBelow(float x, int floorBits) => (BitConverter.SingleToInt32Bits(x) & int.MaxValue) < floorBits ? 0f : x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ZeroBelow(Vector512<float> x, Vector512<int> floorBits)
        => Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x.AsInt32() & Vector512.Create(int.MaxValue), floorBits).AsSingle(), x, Vector512<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> ZeroBelow(Vector<float> x, Vector<int> floorBits)
        => Vector.ConditionalSelect(Vector.AsVectorSingle(Vector.GreaterThanOrEqual(Vector.AsVectorInt32(x) & new Vector<int>(int.MaxValue), floorBits)), x, Vector<float>.Zero);

    /// <summary>The bits of the smallest magnitude x for which the float product x·<paramref name="factor"/> is normal (0 for a zero factor).</summary>
    public static int ProductFloor(float factor) => Floor(MathF.Abs(factor), square: false);

    /// <summary>The bits of the smallest magnitude x for which (<paramref name="factor"/>·x)·x, rounded as floats, is normal (0 for a zero factor).</summary>
    public static int SquareProductFloor(float factor) => Floor(MathF.Abs(factor), square: true);

    // The product grows with x, so the walk from the guess (an ulp or two off) to the boundary is short.
    private static int Floor(float factor, bool square)
    {
        if (!(factor > 0f)) return 0; // a zero product is never subnormal: nothing to zero
        double guess = square ? Math.Sqrt(MinNormal / (double)factor) : MinNormal / (double)factor;
        float x = (float)Math.Min(guess, float.MaxValue);
        while (x > 0f && RoundsNormal(factor, x, square)) x = MathF.BitDecrement(x);
        while (!RoundsNormal(factor, x, square)) x = MathF.BitIncrement(x);
        return BitConverter.SingleToInt32Bits(x);
    }

    // Whether the float product rounds to a normal number. A product of two floats is exact in
    // double; it rounds (to nearest, ties to even) up to 2⁻¹²⁶ from half a subnormal step below.
    // All in double, so no float operation meets a subnormal here either.
    private static bool RoundsNormal(float factor, float x, bool square)
    {
        double product = (double)factor * x;
        if (square) product = (double)(float)product * x; // the first product is a normal float near the boundary
        return product >= MinNormal - Math.ScaleB(1.0, -150);
    }
}
