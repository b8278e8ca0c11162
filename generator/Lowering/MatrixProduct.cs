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
        => new(n, m, k, aRowStride, aColStride, bias, relu, System.Linq.Enumerable.Select(VectorWidths.All, width => Lowering.Tiling.ForProduct(width, n, k)).ToEquatableArray());

    /// <summary>
    /// The blocking for vector registers of <paramref name="width"/>: a Vector512 body of a product
    /// narrower than one Vector512 is the Vector256 one (tails of a Vector256 and less would do the
    /// same work). A width the planner did not tile for is a generator bug.
    /// </summary>
    public ProductTiling Tiling(VectorWidth width) => WidthTilings.For(Tilings, width);

    /// <summary>Whether a body for <paramref name="width"/> has work of its own (at least one full register per row).</summary>
    public bool Pays(VectorWidth width) => WidthTilings.Own(Tilings, width).UsesFullVectors;

    /// <summary>
    /// B is given as Bᵀ, (N, K) row-major: the input gradient g · Wᵀ of a large Dense reads W itself.
    /// The vector kernel then packs every column panel, tails included, by transposing rows of Bᵀ,
    /// and runs every row (leftover rows too) over the packed panels; the scalar kernel reads Bᵀ[n, k].
    /// </summary>
    public bool BTransposed { get; init; }
}

/// <summary>
/// One output column (Dense with one unit): W is a contiguous column, so each row of the product is a
/// dot product of length <see cref="Length"/>, planned per vector width (<see cref="Tilings"/>).
/// </summary>
internal sealed record DotProduct(int Length, EquatableArray<DotTiling> Tilings)
{
    /// <summary>Dot products of at least one Vector256; shorter ones take the matrix-product kernel's scalar columns.</summary>
    public static DotProduct? Of(int length)
        => length < 8 ? null : new DotProduct(length, System.Linq.Enumerable.Select(VectorWidths.All, width => DotTiling.Of(width, length)).ToEquatableArray());

    /// <summary>The plan for registers of <paramref name="width"/> (a Vector512 plan shorter than one Vector512 is the Vector256 one); a width the planner did not plan is a generator bug.</summary>
    public DotTiling Tiling(VectorWidth width) => WidthTilings.For(Tilings, width);

    /// <summary>Whether a body for <paramref name="width"/> has work of its own (at least one full register).</summary>
    public bool Pays(VectorWidth width) => WidthTilings.Own(Tilings, width).UsesFullVectors;
}

/// <summary>
/// A dot product in registers of <see cref="Width"/>: <see cref="Accumulators"/> accumulators over
/// [0, <see cref="VectorEnd"/>) (two only when there are at least two vectors, so the FMA dependency
/// chain halves), then one register of half the width for leftover values (a Vector256 after
/// Vector512s, a Vector128 after Vector256s), then (Vector512 only) a Vector128, then scalars.
/// </summary>
internal sealed record DotTiling(VectorWidth Width, int Accumulators, int VectorEnd, bool HalfVector, bool QuarterVector = false) : IWidthTiling
{
    public static DotTiling Of(VectorWidth width, int length)
    {
        int floats = width.Floats();
        int vectorEnd = length / floats * floats;
        int rest = length - vectorEnd;
        bool half = width != VectorWidth.Vector128 && rest >= floats / 2;
        if (half) rest -= floats / 2;
        bool quarter = width == VectorWidth.Vector512 && rest >= 4;
        return new DotTiling(width, vectorEnd >= 2 * floats ? 2 : 1, vectorEnd, half, quarter);
    }

    /// <summary>Floats per register.</summary>
    public int Floats => Width.Floats();

    /// <summary>The register of half the width: Vector256 after Vector512s, else Vector128.</summary>
    public VectorWidth HalfWidth => Width == VectorWidth.Vector512 ? VectorWidth.Vector256 : VectorWidth.Vector128;

    /// <summary>End of the part that alternates the two accumulators, two vectors per step.</summary>
    public int PairedEnd => Accumulators == 2 ? VectorEnd / (2 * Floats) * (2 * Floats) : 0;

    /// <summary>Whether one vector is left after the paired part.</summary>
    public bool LoneVector => VectorEnd > PairedEnd;

    /// <summary>First value of the Vector128 after a Vector512 dot product's half vector.</summary>
    public int QuarterStart => VectorEnd + (HalfVector ? Floats / 2 : 0);

    /// <summary>First value summed as a scalar.</summary>
    public int ScalarStart => QuarterStart + (QuarterVector ? 4 : 0);

    /// <summary>Whether at least one full register of <see cref="Width"/> is used (else a narrower body does the same).</summary>
    public bool UsesFullVectors => VectorEnd > 0;
}

/// <summary>A plan for registers of one <see cref="Width"/>.</summary>
internal interface IWidthTiling
{
    VectorWidth Width { get; }

    /// <summary>Whether at least one full register of <see cref="Width"/> has work.</summary>
    bool UsesFullVectors { get; }
}

/// <summary>Picking a product's plan for a width from its per-width plans.</summary>
internal static class WidthTilings
{
    /// <summary>
    /// The plan a body for <paramref name="width"/> runs: a Vector512 body of a product narrower
    /// than one Vector512 runs the Vector256 plan (tails of a Vector256 and less would do the same work).
    /// </summary>
    public static T For<T>(EquatableArray<T> tilings, VectorWidth width) where T : IWidthTiling, System.IEquatable<T>
    {
        T own = Own(tilings, width);
        return width == VectorWidth.Vector512 && !own.UsesFullVectors ? Own(tilings, VectorWidth.Vector256) : own;
    }

    /// <summary>The plan made for <paramref name="width"/> itself; a width the planner did not plan is a generator bug.</summary>
    public static T Own<T>(EquatableArray<T> tilings, VectorWidth width) where T : IWidthTiling, System.IEquatable<T>
    {
        foreach (T tiling in tilings)
            if (tiling.Width == width) return tiling;
        throw new System.InvalidOperationException($"No {typeof(T).Name} for {width}.");
    }
}
