namespace Unroll.Generator.Lowering;

/// <summary>
/// How a row of <see cref="Width"/> output columns is covered by vector registers of <see cref="Lane"/>:
/// blocks of <see cref="BlockVectors"/> accumulators, then the remaining full vectors, then one
/// register of half the lane (a Vector256 in a Vector512 row, a Vector128 in a Vector256 row),
/// then (Vector512 only) one Vector128 for four more, then scalars. Decided at build time from the
/// shape, so the generated kernels have no run-time tail logic.
/// </summary>
internal sealed record ColumnTiling(int Width, int BlockVectors, int Blocks, int Vectors, bool HalfVector, int Scalars, VectorWidth Lane = VectorWidth.Vector256, bool QuarterVector = false)
{
    /// <summary>Floats per register of <see cref="Lane"/>.</summary>
    public int LaneFloats => Lane.Floats();

    /// <summary>Columns per full block.</summary>
    public int BlockWidth => BlockVectors * LaneFloats;

    /// <summary>Columns covered by full blocks.</summary>
    public int BlockColumns => Blocks * BlockWidth;

    /// <summary>First column after the full-vector part.</summary>
    public int HalfVectorStart => BlockColumns + Vectors * LaneFloats;

    /// <summary>First column of the Vector128 after a Vector512 row's half vector.</summary>
    public int QuarterVectorStart => HalfVectorStart + (HalfVector ? LaneFloats / 2 : 0);

    /// <summary>Whether any columns go to vector registers; narrower rows get only the scalar kernels.</summary>
    public bool UsesVectors => HalfVectorStart > 0 || HalfVector || QuarterVector;

    /// <summary>Whether at least one full register of <see cref="Lane"/> is used (else a narrower lane's body does the same work).</summary>
    public bool UsesFullVectors => HalfVectorStart > 0;

    /// <summary>First scalar column.</summary>
    public int ScalarStart => QuarterVectorStart + (QuarterVector ? 4 : 0);

    /// <summary>The register of half the lane: Vector256 in a Vector512 row, else Vector128.</summary>
    public VectorWidth HalfLane => Lane == VectorWidth.Vector512 ? VectorWidth.Vector256 : VectorWidth.Vector128;

    /// <summary>The same row tiled for registers of <paramref name="lane"/>.</summary>
    public ColumnTiling At(VectorWidth lane) => lane == Lane ? this : Tiling.Columns(Width, BlockVectors, lane);

    /// <summary>The full blocks and vectors only: what the batched micro-kernel covers.</summary>
    public ColumnTiling WithoutTail => this with { HalfVector = false, QuarterVector = false, Scalars = 0 };

    /// <summary>Whether anything follows the full vectors.</summary>
    public bool HasTail => HalfVector || QuarterVector || Scalars > 0;

    /// <summary>
    /// Whether the full blocks and vectors are one group of registers over the whole row: its column
    /// panel of a row-major B is then B's rows themselves, already contiguous.
    /// </summary>
    public bool IsOnePanel => !HasTail && (Blocks == 1 && Vectors == 0 || Blocks == 0 && Vectors > 0);

    /// <summary><c>12 columns = 1 × Vector256 + 1 × Vector128</c>.</summary>
    public string Describe()
    {
        var parts = new System.Collections.Generic.List<string>();
        string name = Lane.ToString();
        if (Blocks > 0) parts.Add($"{Blocks} × {BlockWidth}-column block{(Blocks > 1 ? "s" : "")} ({BlockVectors} × {name})");
        if (Vectors > 0) parts.Add($"{Vectors} × {name}");
        if (HalfVector) parts.Add($"1 × {HalfLane}");
        if (QuarterVector) parts.Add("1 × Vector128");
        if (Scalars > 0) parts.Add($"{Scalars} scalar{(Scalars > 1 ? "s" : "")}");
        return Width + (Width == 1 ? " column = " : " columns = ") + string.Join(" + ", parts);
    }
}

/// <summary>
/// The widest vector register a kernel body is written for. The generated code keeps one body per
/// width behind <c>VectorNNN.IsHardwareAccelerated</c> and the network's <c>KernelWidth</c>, so the
/// JIT keeps the widest the CPU accelerates (Vector512 is AVX-512; Vector128 is what Arm64 AdvSimd
/// and x64 without AVX2 run).
/// </summary>
internal enum VectorWidth
{
    Vector128 = 128,
    Vector256 = 256,
    Vector512 = 512,
}

internal static class VectorWidths
{
    /// <summary>Every width a kernel has a body for, widest first (the order of the run-time checks).</summary>
    public static readonly VectorWidth[] All = { VectorWidth.Vector512, VectorWidth.Vector256, VectorWidth.Vector128 };

    /// <summary>The widths of kernels that have no Vector512 body (yet): a Vector512 CPU runs their Vector256 body.</summary>
    public static readonly VectorWidth[] UpTo256 = { VectorWidth.Vector256, VectorWidth.Vector128 };

    /// <summary>Floats per register.</summary>
    public static int Floats(this VectorWidth width) => (int)width / 32;
}

/// <summary>
/// How one matrix product is blocked for one vector width: the columns of the
/// <see cref="Tiling.RowBlock"/>-row micro-kernel and of single rows, whether B is packed into
/// panels, and whether single rows split the reduction over two accumulators.
/// </summary>
/// <param name="SplitsReduction">
/// Single rows whose column group has few accumulators (at most two Vector256, four Vector512) are latency-bound; when the
/// reduction is a known length of at least 8, even and odd steps go to separate accumulators.
/// </param>
/// <param name="Reduction">The reduction's length when it is known at build time.</param>
internal sealed record ProductTiling(VectorWidth Width, ColumnTiling RowBlocks, ColumnTiling SingleRows, bool PacksPanels, bool SplitsReduction, int? Reduction = null) : IWidthTiling
{
    /// <summary>Whether any column goes to a vector register; narrower products get only the scalar kernel.</summary>
    public bool UsesVectors => RowBlocks.UsesVectors;

    /// <summary>
    /// Rows of the widest batched micro-kernel: <see cref="Tiling.RowBlock512"/> with Vector512 registers
    /// over packed (large) products, else <see cref="Tiling.RowBlock"/>. Small products keep one kernel:
    /// a second, 6-row one would add code where the reduction loop is short.
    /// </summary>
    public int WideRowBlock => Width == VectorWidth.Vector512 && PacksPanels ? Tiling.RowBlock512 : Tiling.RowBlock;

    /// <summary>Whether the <see cref="Tiling.RowBlock"/>-row micro-kernel has a vector part.</summary>
    public bool HasRowBlocks => RowBlocks.HalfVectorStart > 0;

    /// <summary>
    /// Whether a body for this width does anything a narrower one does not: at least one full register
    /// of <see cref="Width"/> in a row (a Vector512 tiling of 12 columns is the Vector256 one's work).
    /// </summary>
    public bool UsesFullVectors => RowBlocks.UsesFullVectors;

    /// <summary>
    /// Reduction steps per block: a packed panel block stays in L1. A panel read in place that fits
    /// in <see cref="Tiling.InPlacePanelBytes"/> is one block: every row block streams it from L2,
    /// and the accumulators are not stored and reloaded at each block's end (same bits).
    /// </summary>
    public int ReductionBlock => !CopiesPanels && Reduction is int k && (long)k * RowBlocks.Width * sizeof(float) <= Tiling.InPlacePanelBytes
        ? k
        : Tiling.ReductionBlockFor(Width);

    /// <summary>Whether the reduction is cut into more than one block (or its length is only known at run time).</summary>
    public bool BlocksReduction => Reduction is not int k || ReductionBlock < k;

    /// <summary>
    /// Whether the blocked reduction copies column panels of B: not when the batched kernel's one
    /// panel is B's whole rows, which it then reads in place (same reads, same order, no copy).
    /// </summary>
    public bool CopiesPanels => PacksPanels && !RowBlocks.IsOnePanel;
}

/// <summary>Register-blocking decisions; pure functions of the shapes.</summary>
internal static class Tiling
{
    /// <summary>
    /// The batched micro-kernel is <see cref="RowBlock"/> rows × <see cref="BlockVectors"/> vectors:
    /// 12 accumulators + 3 weight loads + 1 broadcast = the 16 AVX2 (or SSE) registers, so nothing spills,
    /// and each step of the reduction does 12 FMAs for 3 loads and 4 broadcasts (FMA-bound, not
    /// load-bound, on a core that issues two loads and two FMAs per cycle).
    /// </summary>
    public const int BlockVectors = 3;

    /// <summary>
    /// AVX-512 has 32 registers: 4 rows × 4 Vector512 = 16 accumulators + 4 weight loads + 1 broadcast,
    /// 16 FMAs for 8 loads per reduction step, and a 64-column block that divides the usual widths (64, 128, 1024).
    /// </summary>
    public const int BlockVectors512 = 4;

    /// <summary>
    /// Rows (samples, or kernel rows for the weight gradient) per batched micro-kernel, and the unit
    /// row ranges are aligned to: a row computed in any row block has the bits it has in any other.
    /// </summary>
    public const int RowBlock = 4;

    /// <summary>
    /// With AVX-512's 32 registers, 6 rows × 4 Vector512 = 24 accumulators + 4 weight loads + 1 broadcast:
    /// 24 FMAs for 10 loads per reduction step instead of 16 for 8. Measured 1.10–1.13× the 4-row
    /// kernel's throughput on the MNIST MLP's 784 → 64 product alone, and 2–8 % less time for
    /// whole passes of the MNIST MLP and dense1024 (paired rounds, one process); 8 × 3 was no faster
    /// than 4 × 4 and 12 × 2 slower. Ranges stay 4-aligned: 6-row blocks cover all but the last
    /// (rows mod 12) of a range's 4-row blocks, which keep the 4-row kernel (same bits: every row
    /// block sums each output in one accumulator, in reduction order).
    /// </summary>
    public const int RowBlock512 = 6;

    /// <summary>
    /// The same shape serves Vector128 (Arm64 has 32 registers, x64 SSE 16; 16 is the bound), so
    /// both widths share the loop structure and only the columns per register differ.
    /// Reduction steps per block when the reduction is long: 256 steps of a 3-vector column
    /// block are 24 KB of Vector256 weights, which stay in the 32 KB L1 cache while every row block uses them.
    /// </summary>
    public const int ReductionBlock = 256;

    /// <summary>A 4-vector Vector512 panel is 256 bytes a step: 128 steps keep it at 32 KB, in L1.</summary>
    public const int ReductionBlock512 = 128;

    /// <summary>
    /// Weights read in place up to this size are reduced in one block: each 6-row block streams them
    /// from L2 (21 bytes a cycle at two FMAs a cycle, well within L2's bandwidth). The MNIST MLP's
    /// 784 → 64 layer (200 KB) took 0.93–0.95 of the blocked time this way (paired rounds, one
    /// process). Kept within the smallest L2 of the CPUs we target (256 KB) with room for the rows of A.
    /// </summary>
    public const int InPlacePanelBytes = 224 * 1024;

    /// <summary>
    /// Dense kernels of at least this many floats (64 KB, beyond L1) give the input gradient g · Wᵀ
    /// no transposed copy of W: it packs its panels of Wᵀ by transposing W's rows (<see cref="MatrixProduct.BTransposed"/>).
    /// The Fashion-MNIST CNN's 5408 × 128 kernel took a tenth of a training step to copy transposed, serially.
    /// </summary>
    public const int TransposedReadMinimum = 1 << 14;

    /// <summary>
    /// A single row (one sample, or the rows left after the 4-row blocks) has no other rows to
    /// reuse its weight loads, so it is latency-bound instead: 8 independent accumulators cover
    /// the FMA latency (4 cycles) × throughput (2 per cycle).
    /// </summary>
    public const int SingleRowVectors = 8;

    /// <summary>Accumulators per block of the batched micro-kernel in registers of <paramref name="width"/>.</summary>
    public static int BlockVectorsFor(VectorWidth width) => width == VectorWidth.Vector512 ? BlockVectors512 : BlockVectors;

    /// <summary>Reduction steps per packed panel block in registers of <paramref name="width"/>.</summary>
    public static int ReductionBlockFor(VectorWidth width) => width == VectorWidth.Vector512 ? ReductionBlock512 : ReductionBlock;

    /// <summary>
    /// Whether the batched kernel packs weight panels: for reductions longer than one block, and
    /// for rows of B 128 floats or wider (512-byte strides, where 4 KB set aliasing starts to bite).
    /// <paramref name="reduction"/> is null when it is only known at run time (the batch); the
    /// reduction block is that of <paramref name="width"/>.
    /// </summary>
    public static bool PacksPanels(VectorWidth width, int columns, int? reduction) => reduction > ReductionBlockFor(width) || columns >= 128;

    /// <summary>The blocking of a product with <paramref name="columns"/> columns and a reduction of <paramref name="reduction"/> steps.</summary>
    public static ProductTiling ForProduct(VectorWidth width, int columns, Extent reduction)
        => new(width, Columns(columns, BlockVectorsFor(width), width), Columns(columns, SingleRowVectors, width), PacksPanels(width, columns, reduction.Value), reduction.Value >= 8, reduction.Value);

    /// <summary>The tiling of the batched micro-kernel, in Vector256 registers.</summary>
    public static ColumnTiling Columns(int width) => Columns(width, BlockVectors);

    /// <summary>The tiling of single rows, in Vector256 registers.</summary>
    public static ColumnTiling SingleRowColumns(int width) => Columns(width, SingleRowVectors);

    /// <summary>
    /// Blocks of <paramref name="blockVectors"/> registers of <paramref name="lane"/>, then single
    /// registers; Vector512 rows end with one Vector256 for eight leftover columns and one Vector128
    /// for four, Vector256 rows with one Vector128, Vector128 rows with scalars (a 64-bit vector
    /// would save at most two scalar FMAs).
    /// </summary>
    public static ColumnTiling Columns(int width, int blockVectors, VectorWidth lane = VectorWidth.Vector256)
    {
        int floats = lane.Floats();
        int blockWidth = blockVectors * floats;
        int blocks = width / blockWidth;
        int rest = width - blocks * blockWidth;
        int vectors = rest / floats;
        rest -= vectors * floats;
        int half = floats / 2;
        bool halfVector = lane != VectorWidth.Vector128 && rest >= half;
        if (halfVector) rest -= half;
        bool quarterVector = lane == VectorWidth.Vector512 && rest >= 4;
        if (quarterVector) rest -= 4;
        return new ColumnTiling(width, blockVectors, blocks, vectors, halfVector, rest, lane, quarterVector);
    }
}
