using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Unroll.Kernels;

/// <summary>
/// Square tiles of floats transposed in registers: 16 × 16 with AVX-512, 8 × 8 with AVX. Rows of
/// the source are <c>fromStride</c> floats apart, rows of the destination <c>toStride</c>: the same
/// tile serves a whole matrix's transpose (<see cref="ImageKernels.Transpose"/>) and packing a
/// transposed weight panel (<see cref="PanelKernels.PackTransposed"/>).
/// </summary>
internal static class TransposeTiles
{
    /// <summary>
    /// 16 row loads, four rounds of shuffles (32-bit, 64-bit, then 128-bit lanes twice), 16 row stores.
    /// Only where <see cref="Avx512F.IsSupported"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Tile16(ref float from, nuint fromStride, ref float to, nuint toStride)
    {
        Vector512<float> r0 = Vector512.LoadUnsafe(ref from, 0 * fromStride);
        Vector512<float> r1 = Vector512.LoadUnsafe(ref from, 1 * fromStride);
        Vector512<float> r2 = Vector512.LoadUnsafe(ref from, 2 * fromStride);
        Vector512<float> r3 = Vector512.LoadUnsafe(ref from, 3 * fromStride);
        Vector512<float> r4 = Vector512.LoadUnsafe(ref from, 4 * fromStride);
        Vector512<float> r5 = Vector512.LoadUnsafe(ref from, 5 * fromStride);
        Vector512<float> r6 = Vector512.LoadUnsafe(ref from, 6 * fromStride);
        Vector512<float> r7 = Vector512.LoadUnsafe(ref from, 7 * fromStride);
        Vector512<float> r8 = Vector512.LoadUnsafe(ref from, 8 * fromStride);
        Vector512<float> r9 = Vector512.LoadUnsafe(ref from, 9 * fromStride);
        Vector512<float> r10 = Vector512.LoadUnsafe(ref from, 10 * fromStride);
        Vector512<float> r11 = Vector512.LoadUnsafe(ref from, 11 * fromStride);
        Vector512<float> r12 = Vector512.LoadUnsafe(ref from, 12 * fromStride);
        Vector512<float> r13 = Vector512.LoadUnsafe(ref from, 13 * fromStride);
        Vector512<float> r14 = Vector512.LoadUnsafe(ref from, 14 * fromStride);
        Vector512<float> r15 = Vector512.LoadUnsafe(ref from, 15 * fromStride);
        Vector512<float> t0 = Avx512F.UnpackLow(r0, r1), t1 = Avx512F.UnpackHigh(r0, r1);
        Vector512<float> t2 = Avx512F.UnpackLow(r2, r3), t3 = Avx512F.UnpackHigh(r2, r3);
        Vector512<float> t4 = Avx512F.UnpackLow(r4, r5), t5 = Avx512F.UnpackHigh(r4, r5);
        Vector512<float> t6 = Avx512F.UnpackLow(r6, r7), t7 = Avx512F.UnpackHigh(r6, r7);
        Vector512<float> t8 = Avx512F.UnpackLow(r8, r9), t9 = Avx512F.UnpackHigh(r8, r9);
        Vector512<float> t10 = Avx512F.UnpackLow(r10, r11), t11 = Avx512F.UnpackHigh(r10, r11);
        Vector512<float> t12 = Avx512F.UnpackLow(r12, r13), t13 = Avx512F.UnpackHigh(r12, r13);
        Vector512<float> t14 = Avx512F.UnpackLow(r14, r15), t15 = Avx512F.UnpackHigh(r14, r15);
        r0 = Avx512F.UnpackLow(t0.AsDouble(), t2.AsDouble()).AsSingle(); r1 = Avx512F.UnpackHigh(t0.AsDouble(), t2.AsDouble()).AsSingle();
        r2 = Avx512F.UnpackLow(t1.AsDouble(), t3.AsDouble()).AsSingle(); r3 = Avx512F.UnpackHigh(t1.AsDouble(), t3.AsDouble()).AsSingle();
        r4 = Avx512F.UnpackLow(t4.AsDouble(), t6.AsDouble()).AsSingle(); r5 = Avx512F.UnpackHigh(t4.AsDouble(), t6.AsDouble()).AsSingle();
        r6 = Avx512F.UnpackLow(t5.AsDouble(), t7.AsDouble()).AsSingle(); r7 = Avx512F.UnpackHigh(t5.AsDouble(), t7.AsDouble()).AsSingle();
        r8 = Avx512F.UnpackLow(t8.AsDouble(), t10.AsDouble()).AsSingle(); r9 = Avx512F.UnpackHigh(t8.AsDouble(), t10.AsDouble()).AsSingle();
        r10 = Avx512F.UnpackLow(t9.AsDouble(), t11.AsDouble()).AsSingle(); r11 = Avx512F.UnpackHigh(t9.AsDouble(), t11.AsDouble()).AsSingle();
        r12 = Avx512F.UnpackLow(t12.AsDouble(), t14.AsDouble()).AsSingle(); r13 = Avx512F.UnpackHigh(t12.AsDouble(), t14.AsDouble()).AsSingle();
        r14 = Avx512F.UnpackLow(t13.AsDouble(), t15.AsDouble()).AsSingle(); r15 = Avx512F.UnpackHigh(t13.AsDouble(), t15.AsDouble()).AsSingle();
        t0 = Avx512F.Shuffle4x128(r0, r4, 0x88); t4 = Avx512F.Shuffle4x128(r0, r4, 0xDD);
        t1 = Avx512F.Shuffle4x128(r1, r5, 0x88); t5 = Avx512F.Shuffle4x128(r1, r5, 0xDD);
        t2 = Avx512F.Shuffle4x128(r2, r6, 0x88); t6 = Avx512F.Shuffle4x128(r2, r6, 0xDD);
        t3 = Avx512F.Shuffle4x128(r3, r7, 0x88); t7 = Avx512F.Shuffle4x128(r3, r7, 0xDD);
        t8 = Avx512F.Shuffle4x128(r8, r12, 0x88); t12 = Avx512F.Shuffle4x128(r8, r12, 0xDD);
        t9 = Avx512F.Shuffle4x128(r9, r13, 0x88); t13 = Avx512F.Shuffle4x128(r9, r13, 0xDD);
        t10 = Avx512F.Shuffle4x128(r10, r14, 0x88); t14 = Avx512F.Shuffle4x128(r10, r14, 0xDD);
        t11 = Avx512F.Shuffle4x128(r11, r15, 0x88); t15 = Avx512F.Shuffle4x128(r11, r15, 0xDD);
        r0 = Avx512F.Shuffle4x128(t0, t8, 0x88); r8 = Avx512F.Shuffle4x128(t0, t8, 0xDD);
        r1 = Avx512F.Shuffle4x128(t1, t9, 0x88); r9 = Avx512F.Shuffle4x128(t1, t9, 0xDD);
        r2 = Avx512F.Shuffle4x128(t2, t10, 0x88); r10 = Avx512F.Shuffle4x128(t2, t10, 0xDD);
        r3 = Avx512F.Shuffle4x128(t3, t11, 0x88); r11 = Avx512F.Shuffle4x128(t3, t11, 0xDD);
        r4 = Avx512F.Shuffle4x128(t4, t12, 0x88); r12 = Avx512F.Shuffle4x128(t4, t12, 0xDD);
        r5 = Avx512F.Shuffle4x128(t5, t13, 0x88); r13 = Avx512F.Shuffle4x128(t5, t13, 0xDD);
        r6 = Avx512F.Shuffle4x128(t6, t14, 0x88); r14 = Avx512F.Shuffle4x128(t6, t14, 0xDD);
        r7 = Avx512F.Shuffle4x128(t7, t15, 0x88); r15 = Avx512F.Shuffle4x128(t7, t15, 0xDD);
        r0.StoreUnsafe(ref to, 0 * toStride);
        r1.StoreUnsafe(ref to, 1 * toStride);
        r2.StoreUnsafe(ref to, 2 * toStride);
        r3.StoreUnsafe(ref to, 3 * toStride);
        r4.StoreUnsafe(ref to, 4 * toStride);
        r5.StoreUnsafe(ref to, 5 * toStride);
        r6.StoreUnsafe(ref to, 6 * toStride);
        r7.StoreUnsafe(ref to, 7 * toStride);
        r8.StoreUnsafe(ref to, 8 * toStride);
        r9.StoreUnsafe(ref to, 9 * toStride);
        r10.StoreUnsafe(ref to, 10 * toStride);
        r11.StoreUnsafe(ref to, 11 * toStride);
        r12.StoreUnsafe(ref to, 12 * toStride);
        r13.StoreUnsafe(ref to, 13 * toStride);
        r14.StoreUnsafe(ref to, 14 * toStride);
        r15.StoreUnsafe(ref to, 15 * toStride);
    }

    /// <summary>8 row loads, three rounds of shuffles (32-bit, 64-bit, 128-bit lanes), 8 row stores. Only where <see cref="Avx.IsSupported"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Tile8(ref float from, nuint fromStride, ref float to, nuint toStride)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref from, 0 * fromStride);
        Vector256<float> r1 = Vector256.LoadUnsafe(ref from, 1 * fromStride);
        Vector256<float> r2 = Vector256.LoadUnsafe(ref from, 2 * fromStride);
        Vector256<float> r3 = Vector256.LoadUnsafe(ref from, 3 * fromStride);
        Vector256<float> r4 = Vector256.LoadUnsafe(ref from, 4 * fromStride);
        Vector256<float> r5 = Vector256.LoadUnsafe(ref from, 5 * fromStride);
        Vector256<float> r6 = Vector256.LoadUnsafe(ref from, 6 * fromStride);
        Vector256<float> r7 = Vector256.LoadUnsafe(ref from, 7 * fromStride);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        r0 = Avx.UnpackLow(t0.AsDouble(), t2.AsDouble()).AsSingle(); r1 = Avx.UnpackHigh(t0.AsDouble(), t2.AsDouble()).AsSingle();
        r2 = Avx.UnpackLow(t1.AsDouble(), t3.AsDouble()).AsSingle(); r3 = Avx.UnpackHigh(t1.AsDouble(), t3.AsDouble()).AsSingle();
        r4 = Avx.UnpackLow(t4.AsDouble(), t6.AsDouble()).AsSingle(); r5 = Avx.UnpackHigh(t4.AsDouble(), t6.AsDouble()).AsSingle();
        r6 = Avx.UnpackLow(t5.AsDouble(), t7.AsDouble()).AsSingle(); r7 = Avx.UnpackHigh(t5.AsDouble(), t7.AsDouble()).AsSingle();
        Avx.Permute2x128(r0, r4, 0x20).StoreUnsafe(ref to, 0 * toStride);
        Avx.Permute2x128(r1, r5, 0x20).StoreUnsafe(ref to, 1 * toStride);
        Avx.Permute2x128(r2, r6, 0x20).StoreUnsafe(ref to, 2 * toStride);
        Avx.Permute2x128(r3, r7, 0x20).StoreUnsafe(ref to, 3 * toStride);
        Avx.Permute2x128(r0, r4, 0x31).StoreUnsafe(ref to, 4 * toStride);
        Avx.Permute2x128(r1, r5, 0x31).StoreUnsafe(ref to, 5 * toStride);
        Avx.Permute2x128(r2, r6, 0x31).StoreUnsafe(ref to, 6 * toStride);
        Avx.Permute2x128(r3, r7, 0x31).StoreUnsafe(ref to, 7 * toStride);
    }
}
