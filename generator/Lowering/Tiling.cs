namespace Unroll.Generator.Lowering;

/// <summary>
/// How a row of <see cref="Width"/> output columns is covered by vector registers: blocks of
/// <see cref="BlockVectors"/> Vector256 accumulators, then the remaining Vector256s, then one
/// Vector128 for four leftover columns, then scalars. Decided at build time from the shape, so
/// the generated kernels have no run-time tail logic.
/// </summary>
internal sealed record ColumnTiling(int Width, int BlockVectors, int Blocks, int Vectors256, bool Vector128, int Scalars)
{
    /// <summary>Columns per full block.</summary>
    public int BlockWidth => BlockVectors * 8;

    /// <summary>Columns covered by full blocks.</summary>
    public int BlockColumns => Blocks * BlockWidth;

    /// <summary>First column after the Vector256 part.</summary>
    public int Vector128Start => BlockColumns + Vectors256 * 8;

    /// <summary>Whether any columns go to vector registers; narrower rows get only the scalar kernels.</summary>
    public bool UsesVectors => Vector128Start > 0 || Vector128;

    /// <summary>First scalar column.</summary>
    public int ScalarStart => Vector128Start + (Vector128 ? 4 : 0);

    /// <summary><c>12 columns = 1 × Vector256 + 1 × Vector128</c>.</summary>
    public string Describe()
    {
        var parts = new System.Collections.Generic.List<string>();
        if (Blocks > 0) parts.Add($"{Blocks} × {BlockWidth}-column block{(Blocks > 1 ? "s" : "")} ({BlockVectors} × Vector256)");
        if (Vectors256 > 0) parts.Add($"{Vectors256} × Vector256");
        if (Vector128) parts.Add("1 × Vector128");
        if (Scalars > 0) parts.Add($"{Scalars} scalar{(Scalars > 1 ? "s" : "")}");
        return Width + (Width == 1 ? " column = " : " columns = ") + string.Join(" + ", parts);
    }
}

/// <summary>
/// The widest vector register a kernel is written for. Every vector kernel is Vector256 today (with
/// Vector128 and scalar tails); the run-time choice between widths (issue 13) adds members here and
/// one <see cref="ProductTiling"/> per width to each <see cref="MatrixProduct"/>.
/// </summary>
internal enum VectorWidth
{
    Vector256 = 256,
}

/// <summary>
/// How one matrix product is blocked for one vector width: the columns of the
/// <see cref="Tiling.RowBlock"/>-row micro-kernel and of single rows, whether B is packed into
/// panels, and whether single rows split the reduction over two accumulators.
/// </summary>
/// <param name="SplitsReduction">
/// Single rows whose column group has at most two accumulators are latency-bound; when the
/// reduction is a known length of at least 8, even and odd steps go to separate accumulators.
/// </param>
internal sealed record ProductTiling(VectorWidth Width, ColumnTiling RowBlocks, ColumnTiling SingleRows, bool PacksPanels, bool SplitsReduction)
{
    /// <summary>Whether any column goes to a vector register; narrower products get only the scalar kernel.</summary>
    public bool UsesVectors => RowBlocks.UsesVectors;

    /// <summary>Whether the <see cref="Tiling.RowBlock"/>-row micro-kernel has a vector part.</summary>
    public bool HasRowBlocks => RowBlocks.Vector128Start > 0;
}

/// <summary>Register-blocking decisions; pure functions of the shapes.</summary>
internal static class Tiling
{
    /// <summary>
    /// The batched micro-kernel is <see cref="RowBlock"/> rows × <see cref="BlockVectors"/> Vector256:
    /// 12 accumulators + 3 weight loads + 1 broadcast = the 16 AVX2 registers, so nothing spills,
    /// and each step of the reduction does 12 FMAs for 3 loads and 4 broadcasts (FMA-bound, not
    /// load-bound, on a core that issues two loads and two FMAs per cycle).
    /// </summary>
    public const int BlockVectors = 3;

    /// <summary>Rows (samples, or kernel rows for the weight gradient) per batched micro-kernel.</summary>
    public const int RowBlock = 4;

    /// <summary>
    /// Reduction steps per block when the reduction is long: 256 steps of a 3-vector column
    /// block are 24 KB of weights, which stay in the 32 KB L1 cache while every row block uses them.
    /// </summary>
    public const int ReductionBlock = 256;

    /// <summary>
    /// A single row (one sample, or the rows left after the 4-row blocks) has no other rows to
    /// reuse its weight loads, so it is latency-bound instead: 8 independent accumulators cover
    /// the FMA latency (4 cycles) × throughput (2 per cycle).
    /// </summary>
    public const int SingleRowVectors = 8;

    /// <summary>
    /// Whether the batched kernel packs weight panels: for reductions longer than one block, and
    /// for rows of B 128 floats or wider (512-byte strides, where 4 KB set aliasing starts to bite).
    /// <paramref name="reduction"/> is null when it is only known at run time (the batch).
    /// </summary>
    public static bool PacksPanels(int columns, int? reduction) => reduction > ReductionBlock || columns >= 128;

    /// <summary>
    /// Whether a convolution's forward pass is direct rather than im2col + product: channels last
    /// with at most 4 input channels, where a patch is so short that copying it costs more than
    /// the arithmetic (measured: 1.9 ms against 3.6 ms per 256 samples for 28×28×1 → 26×26×32).
    /// </summary>
    public static bool DirectConvolution(Shapes.ImageGeometry geometry) => !geometry.ChannelsFirst && geometry.Channels <= 4;

    /// <summary>The blocking of a product with <paramref name="columns"/> columns and a reduction of <paramref name="reduction"/> steps.</summary>
    public static ProductTiling ForProduct(VectorWidth width, int columns, Extent reduction)
        => new(width, Columns(columns), SingleRowColumns(columns), PacksPanels(columns, reduction.Value), reduction.Value >= 8);

    /// <summary>The tiling of the batched micro-kernel.</summary>
    public static ColumnTiling Columns(int width) => Columns(width, BlockVectors);

    /// <summary>The tiling of single rows.</summary>
    public static ColumnTiling SingleRowColumns(int width) => Columns(width, SingleRowVectors);

    public static ColumnTiling Columns(int width, int blockVectors)
    {
        int blockWidth = blockVectors * 8;
        int blocks = width / blockWidth;
        int rest = width - blocks * blockWidth;
        int vectors = rest / 8;
        rest -= vectors * 8;
        bool vector128 = rest >= 4;
        if (vector128) rest -= 4;
        return new ColumnTiling(width, blockVectors, blocks, vectors, vector128, rest);
    }
}
