using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Unroll;

/// <summary>
/// Flushes subnormal optimizer state to zero. A moment whose gradient has stopped (a dead ReLU
/// unit's weights) decays geometrically and turns subnormal within a thousand steps; on Intel
/// CPUs every arithmetic operation that reads or writes a subnormal takes a microcode assist of
/// about a hundred cycles, and such state made the Adam update 80 % of an MNIST epoch. TensorFlow
/// runs its CPU kernels with flush-to-zero on, so Keras's moments become zero there too; the
/// weight change this drops is below 10⁻³⁰. The test reads the exponent bits as integers, so the
/// check itself never touches the floating-point unit with a subnormal.
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
}
