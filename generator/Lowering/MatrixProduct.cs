using System.Globalization;
using Unroll.Generator.Common;

namespace Unroll.Generator.Lowering;

/// <summary>
/// A loop extent: a constant (<see cref="Variable"/> null) or a run-time variable times a constant,
/// such as <c>batch * 676</c> for the rows of a convolution's patch matrix.
/// </summary>
internal readonly record struct Extent(string? Variable, int Factor)
{
    public static Extent Constant(int value) => new(null, value);

    public static Extent Of(string variable, int factor = 1) => new(variable, factor);

    /// <summary>The value when it is known at build time.</summary>
    public int? Value => Variable is null ? Factor : null;

    /// <summary>The C# expression, folded: <c>12</c>, <c>batch</c>, <c>batch * 676</c>.</summary>
    public override string ToString()
        => Variable is null ? Factor.ToString(CultureInfo.InvariantCulture) : Factor == 1 ? Variable : $"{Variable} * {Factor.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// One matrix product C (M, N) = A (M, K) · B (K, N), optionally + bias (one per column) and relu,
/// with A read through strides so that the same kernel serves x · W (forward), xᵀ · g (weight
/// gradient) and g · Wᵀ (input gradient); B and C are row-major with N columns. The vector
/// kernel's blocking is decided here, per vector width (<see cref="Tilings"/>); the scalar
/// kernel (the reference the vector one is tested against) follows the same loop order.
/// </summary>
/// <param name="ARowStride">A(m, k) = A[m · ARowStride + k · AColStride].</param>
internal sealed record MatrixProduct(int N, Extent M, Extent K, int ARowStride, int AColStride, bool Bias, bool Relu, EquatableArray<ProductTiling> Tilings)
{
    public static MatrixProduct Of(int n, Extent m, Extent k, int aRowStride, int aColStride, bool bias = false, bool relu = false)
        => new(n, m, k, aRowStride, aColStride, bias, relu, new[] { Lowering.Tiling.ForProduct(VectorWidth.Vector256, n, k) }.ToEquatableArray());

    /// <summary>The blocking for vector registers of <paramref name="width"/>; a width the planner did not tile for is a generator bug.</summary>
    public ProductTiling Tiling(VectorWidth width)
    {
        foreach (ProductTiling tiling in Tilings)
            if (tiling.Width == width) return tiling;
        throw new System.InvalidOperationException($"The product has no tiling for {width}.");
    }
}

/// <summary>
/// One output column (Dense with one unit): W is a contiguous column, so each row of the product is a
/// dot product of length <see cref="Length"/>: <see cref="Accumulators"/> Vector256 accumulators
/// over [0, <see cref="Vector256End"/>) (two only when there are at least two vectors, so the FMA
/// dependency chain halves), then a Vector128 for four leftover values, then scalars.
/// </summary>
internal sealed record DotProduct(int Length, int Accumulators, int Vector256End, bool Vector128)
{
    /// <summary>Dot products of at least one Vector256; shorter ones take the matrix-product kernel's scalar columns.</summary>
    public static DotProduct? Of(int length)
    {
        if (length < 8) return null;
        int vectorEnd = length / 8 * 8;
        return new DotProduct(length, vectorEnd >= 16 ? 2 : 1, vectorEnd, length - vectorEnd >= 4);
    }

    /// <summary>End of the part that alternates the two accumulators, 16 values per step.</summary>
    public int PairedEnd => Accumulators == 2 ? Vector256End / 16 * 16 : 0;

    /// <summary>Whether one Vector256 is left after the paired part.</summary>
    public bool LoneVector => Vector256End > PairedEnd;

    /// <summary>First value summed as a scalar.</summary>
    public int ScalarStart => Vector256End + (Vector128 ? 4 : 0);
}
