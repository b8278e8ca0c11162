using System.Globalization;
using Unroll.Generator.Lowering;

namespace Unroll.Generator.Emitting;

/// <summary>Rows [Start, End) of a product's result, as C# expressions: the part of it one thread computes.</summary>
internal sealed record RowRange(string Start, string End);

/// <summary>The C# names of a product's operands: <c>ref float</c> locals for the vector kernel, spans for the scalar one.</summary>
internal sealed record ProductOperands(string A, string B, string C, string? Bias);

/// <summary>
/// Prints a <see cref="MatrixProduct"/> as the plan blocked it: the vector kernel (register-blocked
/// micro-kernels over the planned column tiling) and the scalar kernel, the reference it is tested
/// against, with the same reduction order per output.
/// </summary>
internal static partial class GemmEmitter
{
    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";

    /// <summary>The vector kernel; operands are <c>ref float</c> locals already in scope.</summary>
    /// <param name="rows">Only rows [Start, End) of C (expressions), blocked from Start; all rows when null.</param>
    /// <param name="columns">Only this part's columns of C, each computed by the code that computes it in the whole product; all when null.</param>
    /// <param name="prepacked">
    /// For a kernel with panels packed once (<see cref="EmitPanelPacking"/>): the span holding them, or
    /// empty to copy each panel per call as without it. Null when the kernel takes none.
    /// </param>
    public static void Emit(SourceWriter w, MatrixProduct product, ProductOperands operands, VectorWidth width, RowRange? rows = null, ColumnSplit? columns = null, string? prepacked = null)
    {
        if (product.BTransposed)
        {
            EmitTransposedB(w, product, operands, width, rows, columns);
            return;
        }
        ProductTiling tiling = product.Tiling(width);
        VectorLane lane = VectorLane.Of(tiling.RowBlocks.Lane);
        ColumnTiling blocked = tiling.RowBlocks;
        var gemm = new Gemm(product, operands, tiling);
        string first = rows?.Start ?? "0", end = rows?.End ?? product.M.ToString();
        w.Line(rows is null
            ? $"int rowBlocks = {product.M} - {product.M} % {Tiling.RowBlock};"
            : $"int rowBlocks = {first} + ({end} - {first}) / {Tiling.RowBlock} * {Tiling.RowBlock};");
        int wide = tiling.WideRowBlock;
        if (tiling.HasRowBlocks)
        {
            if (wide == Tiling.RowBlock)
                w.Comment($"{Tiling.RowBlock} rows at a time: {blocked.Describe()}");
            else
            {
                // Ranges are 4-aligned: the last (rows mod 12) of them go 4 at a time, the rest 6 at a time.
                w.Comment($"{wide} rows at a time, the last (rows mod {Lcm(wide, Tiling.RowBlock)}) {Tiling.RowBlock} at a time: {blocked.Describe()}");
                w.Line($"int wideRowBlocks = rowBlocks - (rowBlocks - {first}) % {Lcm(wide, Tiling.RowBlock)};");
            }
            w.Line($"if (rowBlocks > {first})");
            w.Line("{");
            w.Indent();
            if (tiling.PacksPanels)
            {
                // Large operands: the reduction is cut into blocks, and each block of a column
                // panel is copied contiguously before every row block of the batch reads it. The
                // copy (24 KB) stays in L1, and rows of B that sit a multiple of 4 KB apart no
                // longer compete for the same cache sets. A panel of B's whole rows is contiguous
                // already: it is read in place, with no copy and no (zero-initialised) stackalloc.
                if (tiling.CopiesPanels)
                {
                    w.Comment($"reduction in blocks of {tiling.ReductionBlock}, each column panel packed contiguously (L1-resident, no 4 KB set aliasing)");
                    int packLength = tiling.ReductionBlock * blocked.BlockVectors * lane.Width;
                    if (prepacked is null)
                    {
                        w.Line($"global::System.Span<float> pack = stackalloc float[{packLength}];");
                    }
                    else
                    {
                        w.Comment($"or, when {prepacked} is not empty, read where the panels were packed once, in the same order");
                        w.Line($"bool prepacked = !{prepacked}.IsEmpty;");
                        w.Line($"ref float {prepacked}r = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({prepacked});");
                        w.Line($"global::System.Span<float> pack = prepacked ? default : stackalloc float[{packLength}];");
                    }
                    w.Line("ref float packed = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(pack);");
                }
                else
                {
                    w.Comment(tiling.BlocksReduction
                        ? $"reduction in blocks of {tiling.ReductionBlock}; the one column panel is B's whole rows, contiguous, read in place"
                        : "the whole reduction in one block (B fits in L2); the one column panel is B's whole rows, contiguous, read in place");
                }
                using (w.Block($"for (int kb = 0; kb < {product.K}; kb += {tiling.ReductionBlock})"))
                {
                    w.Line($"int kc = global::System.Math.Min({tiling.ReductionBlock}, {product.K} - kb);");
                    w.Line("bool first = kb == 0;");
                    w.Line($"bool last = kb + kc == {product.K};");
                    ColumnGroups.Emit(w, blocked.WithoutTail, group =>
                    {
                        // In place, the panel's width is N: its rows are as far apart as in the copy.
                        int panelWidth = group.Count * lane.Width;
                        string panel = tiling.CopiesPanels ? "packed" : "panel";
                        PanelPrefetch? prefetch = null;
                        if (tiling.CopiesPanels && prepacked is not null)
                        {
                            panel = "packedPanel";
                            w.Line($"ref float packedPanel = ref prepacked ? ref {Unsafe}.Add(ref {prepacked}r, {PackedPanelOffset(tiling, group)}) : ref packed;");
                            using (w.Block("if (!prepacked)"))
                                CopyPanel(w, product, operands.B, group, "packed");
                            if (PrefetchesNextPanel(tiling, panelWidth))
                            {
                                // The panel this thread reads next from those packed once: in the loop over blocks,
                                // the next block of its columns, after the last one its first of the next reduction
                                // block; after a group outside the loop, the next in the buffer. Row block q prefetches
                                // its lines [q·kc, (q + 1)·kc), none past the buffer. Panels copied per call are not
                                // prefetched: measured no faster for dense1024 and 3 % slower for the CNN's Dense 5408 → 128.
                                int lines = panelWidth / LineFloats;
                                string width = panelWidth.ToString(CultureInfo.InvariantCulture);
                                w.Comment($"the panel read next, prefetched into L2 by the first {lines} row blocks of {wide}, a line a step (packed once only)");
                                if (group.Variable is not null)
                                {
                                    var (start, end) = ColumnGroups.BlockRange(blocked.WithoutTail, columns);
                                    string nextColumn = Sum(group.Column(0), width);
                                    w.Line($"bool sameBlock = {nextColumn} < {end};");
                                    w.Line($"int nextRow = sameBlock ? kb : kb + kc, nextColumn = sameBlock ? {nextColumn} : {start};");
                                    w.Line($"int nextPanel = nextRow * {blocked.HalfVectorStart} + global::System.Math.Min({tiling.ReductionBlock}, {product.K} - nextRow) * nextColumn;");
                                    w.Line($"bool prefetches = prepacked && nextRow < {product.K} && nextPanel + kc * {width} <= {prepacked}.Length;");
                                }
                                else
                                {
                                    w.Line($"int nextPanel = {Sum(PackedPanelOffset(tiling, group), $"kc * {width}")};");
                                    w.Line($"bool prefetches = prepacked && nextPanel + kc * {width} <= {prepacked}.Length;");
                                }
                                w.Line($"ref float next = ref prefetches ? ref {Unsafe}.Add(ref {prepacked}r, nextPanel) : ref packedPanel;");
                                prefetch = new PanelPrefetch(first, wide, lines);
                            }
                        }
                        else if (tiling.CopiesPanels)
                        {
                            CopyPanel(w, product, operands.B, group, "packed");
                        }
                        else
                        {
                            w.Line($"ref float panel = ref {RowsOfB(product, operands.B, group)};");
                        }
                        RowBlockLoops(w, first, wide, rows => ReductionBlockKernel(w, gemm, group, rows, panel, panelWidth, rows == wide ? prefetch : null));
                    }, columns);
                }
            }
            else
            {
                ColumnGroups.Emit(w, blocked.WithoutTail, group => RowBlockLoops(w, first, wide, rows => MicroKernel(w, gemm, group, rows)), columns);
            }
            w.Outdent();
            w.Line("}");
        }
        w.Comment($"The remaining rows one at a time: {tiling.SingleRows.Describe()}");
        ColumnGroups.Emit(w, tiling.SingleRows, group =>
        {
            using (w.Block($"for (int i = rowBlocks; i < {end}; i++)"))
                MicroKernel(w, gemm, group, 1);
        }, columns);
        if (blocked.HasTail)
        {
            // One or two registers (or scalars) of tail columns: four rows at a time, 4–8 independent
            // accumulators, instead of one row's two dependent chains after another.
            w.Comment($"The tail columns [{blocked.HalfVectorStart}, {product.N}) of the blocked rows, {Tiling.RowBlock} rows at a time where the group has at most {TailRowBlockLimit} registers");
            ColumnGroups.EmitTailColumns(w, blocked, group =>
            {
                int rowsAtATime = group.Count <= TailRowBlockLimit ? Tiling.RowBlock : 1;
                using (w.Block($"for (int i = {first}; i < rowBlocks; i += {rowsAtATime})"))
                    MicroKernel(w, gemm, group, rowsAtATime);
            }, columns);
        }
    }

    /// <summary>Whether the product's blocked rows copy column panels at <paramref name="width"/> (what <see cref="EmitPanelPacking"/> packs once).</summary>
    public static bool CopiesPanels(MatrixProduct product, VectorWidth width)
    {
        ProductTiling tiling = product.Tiling(width);
        return tiling.HasRowBlocks && tiling.CopiesPanels;
    }

    /// <summary>Floats the panels packed once take at <paramref name="width"/>: every row of B over the blocked columns.</summary>
    public static int PackedPanelLength(MatrixProduct product, VectorWidth width)
        => CopiesPanels(product, width) ? product.K.Value!.Value * product.Tiling(width).RowBlocks.HalfVectorStart : 0;

    /// <summary>
    /// Copies every panel the vector kernel at <paramref name="width"/> copies per call into
    /// <paramref name="target"/> (a <c>ref float</c>) once, one after another in the order the kernel
    /// reads them: blocks of the reduction, then column groups. The copy loop is the kernel's own.
    /// </summary>
    public static void EmitPanelPacking(SourceWriter w, MatrixProduct product, string b, string target, VectorWidth width)
    {
        ProductTiling tiling = product.Tiling(width);
        using (w.Block($"for (int kb = 0; kb < {product.K}; kb += {tiling.ReductionBlock})"))
        {
            w.Line($"int kc = global::System.Math.Min({tiling.ReductionBlock}, {product.K} - kb);");
            ColumnGroups.Emit(w, tiling.RowBlocks.WithoutTail, group =>
            {
                w.Line($"ref float packed = ref {Unsafe}.Add(ref {target}, {PackedPanelOffset(tiling, group)});");
                CopyPanel(w, product, b, group, "packed");
            });
        }
    }

    // Every block before kb is full (ReductionBlock rows) and holds all blockedColumns columns; within
    // block kb the groups before this one hold kc rows of their columns each, which end at its first column.
    private static string PackedPanelOffset(ProductTiling tiling, ColumnGroup group)
    {
        string column = group.Column(0);
        return Sum(Term("kb", tiling.RowBlocks.HalfVectorStart), column == "0" ? "0" : $"kc * {column}");
    }

    // Rows [kb, kb + kc) of B over the group's columns into target, contiguous: kc rows of the group's width.
    private static void CopyPanel(SourceWriter w, MatrixProduct product, string b, ColumnGroup group, string target)
    {
        VectorLane lane = group.Lane;
        int panelWidth = group.Count * lane.Width;
        w.Line($"ref float source = ref {RowsOfB(product, b, group)};");
        using (w.Block("for (int k = 0; k < kc; k++)"))
        {
            for (int v = 0; v < group.Count; v++)
            {
                string offset = v == 0 ? $"k * {panelWidth}" : $"k * {panelWidth} + {v * lane.Width}";
                w.Line($"{lane.Store(lane.Load("source", V(v * lane.Width)), target, offset)}");
            }
            w.Line($"source = ref {Unsafe}.Add(ref source, {product.N});");
        }
    }

    private static string RowsOfB(MatrixProduct product, string b, ColumnGroup group)
        => $"{Unsafe}.Add(ref {b}, {Sum($"kb * {product.N}", group.Column(0))})";

    /// <summary>Floats per 64-byte cache line.</summary>
    private const int LineFloats = 16;

    /// <summary>
    /// Whether the widest row blocks over panels packed once prefetch the next panel into L2: with
    /// Vector512 (measured there: a predictor's 4 MB of dense1024 panels come from beyond L2 on every
    /// call), when a panel is whole lines wide, so that its first panelWidth / 16 row blocks cover it.
    /// </summary>
    private static bool PrefetchesNextPanel(ProductTiling tiling, int panelWidth)
        => tiling.Width == VectorWidth.Vector512 && tiling.WideRowBlock > Tiling.RowBlock && panelWidth % LineFloats == 0;

    /// <summary>The first blocked row, the rows per block and how many blocks prefetch the next panel.</summary>
    private sealed record PanelPrefetch(string First, int Wide, int Blocks);

    // Tail groups of up to this many registers take the blocked rows four at a time (at most 8 accumulators).
    private const int TailRowBlockLimit = 2;

    /// <summary>
    /// The loops over the blocked rows [first, rowBlocks): one of 4-row blocks, or one of
    /// <paramref name="wide"/>-row blocks up to <c>wideRowBlocks</c> and one of 4-row blocks after it.
    /// </summary>
    private static void RowBlockLoops(SourceWriter w, string first, int wide, System.Action<int> kernel)
    {
        if (wide == Tiling.RowBlock)
        {
            using (w.Block($"for (int i = {first}; i < rowBlocks; i += {Tiling.RowBlock})"))
                kernel(Tiling.RowBlock);
            return;
        }
        using (w.Block($"for (int i = {first}; i < wideRowBlocks; i += {wide})"))
            kernel(wide);
        using (w.Block($"for (int i = wideRowBlocks; i < rowBlocks; i += {Tiling.RowBlock})"))
            kernel(Tiling.RowBlock);
    }

    private static int Lcm(int a, int b)
    {
        int x = a, y = b;
        while (y != 0) (x, y) = (y, x % y);
        return a / x * b;
    }

    /// <summary>
    /// The scalar kernel over spans: per output, the bias (or 0) then the reduction in order with
    /// multiply-adds (fused where the CPU fuses). Loops of one iteration are folded away.
    /// </summary>
    /// <param name="columns">Only columns [N · part / parts, N · (part + 1) / parts); all when null.</param>
    public static void EmitScalar(SourceWriter w, MatrixProduct product, ProductOperands operands, RowRange? rows = null, ColumnSplit? columns = null)
    {
        string i = "i", j = "j";
        using (rows is null ? ScalarLoop(w, "i", product.M, out i, outermost: true) : w.Block($"for (int i = {rows.Start}; i < {rows.End}; i++)"))
        using (columns is null ? ScalarLoop(w, "j", Extent.Constant(product.N), out j)
               : w.Block($"for (int j = {product.N} * {columns.Part} / {columns.Parts}; j < {product.N} * ({columns.Part} + 1) / {columns.Parts}; j++)"))
        {
            w.Line($"float acc = {(operands.Bias is { } bias ? $"{bias}[{j}]" : "0f")};");
            using (ScalarLoop(w, "k", product.K, out string k, braces: false))
                w.Line($"acc = {ScalarMath.MultiplyAdd($"{operands.A}[{Sum(Term(i, product.ARowStride), Term(k, product.AColStride))}]", $"{operands.B}[{(product.BTransposed ? Sum(Term(j, product.K.Value!.Value), k) : Sum(Term(k, product.N), j))}]", "acc")};");
            w.Line($"{operands.C}[{Sum(Term(i, product.N), j)}] = {(product.Relu ? "global::System.MathF.Max(acc, 0f)" : "acc")};");
        }
    }

    /// <summary>The column sums of <paramref name="source"/> (<paramref name="rows"/> × <paramref name="width"/>) into <paramref name="target"/>, scalar.</summary>
    public static void EmitScalarColumnSums(SourceWriter w, Extent rows, int width, string source, string target)
    {
        using (ScalarLoop(w, "j", Extent.Constant(width), out string j, outermost: true))
        {
            w.Line("float acc = 0f;");
            using (ScalarLoop(w, "i", rows, out string i, braces: false))
                w.Line($"acc += {source}[{Sum(Term(i, width), j)}];");
            w.Line($"{target}[{j}] = acc;");
        }
    }

    /// <summary>
    /// <c>for (int i = 0; i &lt; n; i++)</c> with its body indented, or no loop when the extent is 1
    /// (the index is then the constant 0): a bare block when <paramref name="outermost"/>, so the
    /// body's locals stay its own. Without <paramref name="braces"/> the body must be one statement.
    /// Dispose ends the loop.
    /// </summary>
    public static System.IDisposable ScalarLoop(SourceWriter w, string variable, Extent extent, out string index, bool outermost = false, bool braces = true)
    {
        if (extent.Value == 1)
        {
            index = "0";
            return outermost ? w.Block("") : NoLoop.Instance;
        }
        index = variable;
        w.Line($"for (int {variable} = 0; {variable} < {extent}; {variable}++)");
        if (braces) return w.Block("");
        w.Indent();
        return new Outdent(w);
    }

    /// <summary>Ends the one-statement body of a loop written without braces.</summary>
    private sealed class Outdent(SourceWriter w) : System.IDisposable
    {
        public void Dispose() => w.Outdent();
    }

    /// <summary><c>i * 12</c>, folded: <c>0</c> for index 0, <c>i</c> for stride 1, the product for a constant index.</summary>
    public static string Term(string index, int stride)
        => index == "0" || stride == 0 ? "0"
           : int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out int constant) ? (constant * stride).ToString(CultureInfo.InvariantCulture)
           : stride == 1 ? index : $"{index} * {stride.ToString(CultureInfo.InvariantCulture)}";

    /// <summary><c>a + b</c>, dropping zero terms and adding constants.</summary>
    public static string Sum(string a, string b)
    {
        if (int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out int x) && int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out int y))
            return (x + y).ToString(CultureInfo.InvariantCulture);
        return a == "0" ? b : b == "0" ? a : $"{a} + {b}";
    }

    private sealed class NoLoop : System.IDisposable
    {
        public static readonly NoLoop Instance = new();

        public void Dispose() { }
    }

    /// <summary>A product with its operand names and the tiling being printed.</summary>
    private sealed record Gemm(MatrixProduct Product, ProductOperands Operands, ProductTiling Tiling)
    {
        public string A => Operands.A;
        public string B => Operands.B;
        public string C => Operands.C;
        public int N => Product.N;
    }

    private static string V(int offset) => offset.ToString(CultureInfo.InvariantCulture);

    /// <summary>rows × group.Count accumulators, the reduction walking A and B by pointer bumps.</summary>
    private static void MicroKernel(SourceWriter w, Gemm gemm, ColumnGroup group, int rows)
    {
        if (rows == 1 && group.Count <= SplitLimit(group.Lane) && gemm.Tiling.SplitsReduction)
        {
            SplitReductionKernel(w, gemm, group, gemm.Product.K.Factor);
            return;
        }
        VectorLane lane = group.Lane;
        w.Line($"ref float left = ref {Offset(gemm.A, Row(0, gemm.Product.ARowStride))};");
        w.Line($"ref float right = ref {Offset(gemm.B, group.Column(0))};");
        for (int r = 0; r < rows; r++)
            for (int v = 0; v < group.Count; v++)
                w.Line($"{lane.Type} c{r}{v} = {(gemm.Operands.Bias is { } bias ? lane.Load(bias, group.Column(v)) : lane.Zero)};");
        ReductionLoop(w, gemm, group, rows, gemm.Product.K.ToString(), gemm.N);
        for (int r = 0; r < rows; r++)
        {
            w.Line($"ref float out{r} = ref {Offset(gemm.C, Row(r, gemm.N))};");
            for (int v = 0; v < group.Count; v++)
                w.Line(lane.Store(gemm.Product.Relu ? lane.Relu($"c{r}{v}") : $"c{r}{v}", "out" + r, group.Column(v)));
        }
    }

    /// <summary>
    /// The most accumulators of a single row that still split the reduction: two with AVX2 (16
    /// registers), four Vector512 with AVX-512 (32 registers), so a 64-column row keeps eight FMA
    /// chains in flight instead of four.
    /// </summary>
    private static int SplitLimit(VectorLane lane) => lane.Width == 16 ? 4 : 2;

    /// <summary>
    /// The heart of both kernels: per reduction step, load the B row's vectors once, broadcast
    /// each row's A value, and FMA it into that row's accumulators; then step A and B.
    /// </summary>
    private static void ReductionLoop(SourceWriter w, Gemm gemm, ColumnGroup group, int rows, string length, int bStride, bool prefetches = false)
    {
        VectorLane lane = group.Lane;
        using (w.Block($"for (int k = 0; k < {length}; k++)"))
        {
            if (prefetches)
            {
                w.Line("global::Unroll.Kernels.Prefetch.ToL2(ref ahead);");
                w.Line($"ahead = ref {Unsafe}.Add(ref ahead, aheadStep);");
            }
            for (int v = 0; v < group.Count; v++)
                w.Line($"{lane.Type} right{v} = {lane.Load("right", V(v * lane.Width))};");
            for (int r = 0; r < rows; r++)
            {
                w.Line($"{lane.Type} left{r}k = {lane.Broadcast(LeftRow(gemm, r))};");
                for (int v = 0; v < group.Count; v++)
                    w.Line($"c{r}{v} = {lane.FusedMultiplyAdd($"left{r}k", "right" + v, $"c{r}{v}")};");
            }
            w.Line($"left = ref {Unsafe}.Add(ref left, {gemm.Product.AColStride});");
            w.Line($"right = ref {Unsafe}.Add(ref right, {bStride});");
        }
    }

    // Row r's current element of A: one pointer steps every row (one register and one add per step
    // instead of one per row), the other rows at constant offsets from it, which x64 folds into the
    // broadcast's address (same reads in the same order: same bits).
    private static string LeftRow(Gemm gemm, int r) => r == 0 ? "left" : $"{Unsafe}.Add(ref left, {r * gemm.Product.ARowStride})";

    /// <summary>
    /// The blocked-reduction form: rows [kb, kb + kc) of the reduction, starting from the bias (first
    /// block) or from the partial sums already in C, and applying relu only after the last block.
    /// </summary>
    /// <param name="panel">The <c>ref float</c> local at the block's first panel row: the packed copy, or B itself.</param>
    /// <param name="panelStride">Floats from one row of the panel to the next.</param>
    /// <param name="prefetch">When the row blocks prefetch the next panel packed once: where it is (else null).</param>
    private static void ReductionBlockKernel(SourceWriter w, Gemm gemm, ColumnGroup group, int rows, string panel, int panelStride, PanelPrefetch? prefetch = null)
    {
        VectorLane lane = group.Lane;
        int aColStride = gemm.Product.AColStride;
        w.Line($"ref float left = ref {Offset(gemm.A, Sum(Row(0, gemm.Product.ARowStride), Term("kb", aColStride)))};");
        for (int r = 0; r < rows; r++)
            w.Line($"ref float out{r} = ref {Offset(gemm.C, Row(r, gemm.N))};");
        w.Line($"ref float right = ref {panel};");
        if (prefetch is not null)
        {
            // Row blocks q < Blocks prefetch their share of the next panel; the others touch their own panel's first line (in L1) every step.
            string block = prefetch.First == "0" ? $"i / {prefetch.Wide}" : $"(i - {prefetch.First}) / {prefetch.Wide}";
            string fromFirst = prefetch.First == "0" ? "i" : $"i - {prefetch.First}";
            w.Line($"bool aheads = prefetches && {fromFirst} < {prefetch.Blocks * prefetch.Wide};");
            w.Line($"ref float ahead = ref aheads ? ref {Unsafe}.Add(ref next, {block} * kc * {LineFloats}) : ref right;");
            w.Line($"int aheadStep = aheads ? {LineFloats} : 0;");
        }
        for (int r = 0; r < rows; r++)
            for (int v = 0; v < group.Count; v++)
            {
                string start = gemm.Operands.Bias is { } bias ? lane.Load(bias, group.Column(v)) : lane.Zero;
                w.Line($"{lane.Type} c{r}{v} = first ? {start} : {lane.Load("out" + r, group.Column(v))};");
            }
        ReductionLoop(w, gemm, group, rows, "kc", panelStride, prefetch is not null);
        if (gemm.Product.Relu)
        {
            using (w.Block("if (last)"))
            {
                for (int r = 0; r < rows; r++)
                    for (int v = 0; v < group.Count; v++)
                        w.Line($"c{r}{v} = {lane.Relu($"c{r}{v}")};");
            }
        }
        for (int r = 0; r < rows; r++)
            for (int v = 0; v < group.Count; v++)
                w.Line(lane.Store($"c{r}{v}", "out" + r, group.Column(v)));
    }

    /// <summary>
    /// One row with few accumulators (<see cref="SplitLimit"/>) is latency-bound (each FMA waits for the previous
    /// one): even and odd steps of the reduction go to separate accumulators, summed at the end.
    /// </summary>
    private static void SplitReductionKernel(SourceWriter w, Gemm gemm, ColumnGroup group, int k)
    {
        VectorLane lane = group.Lane;
        int aColStride = gemm.Product.AColStride;
        w.Line($"ref float left0 = ref {Offset(gemm.A, Row(0, gemm.Product.ARowStride))};");
        w.Line($"ref float right = ref {Offset(gemm.B, group.Column(0))};");
        for (int v = 0; v < group.Count; v++)
        {
            w.Line($"{lane.Type} c{v} = {(gemm.Operands.Bias is { } bias ? lane.Load(bias, group.Column(v)) : lane.Zero)};");
            w.Line($"{lane.Type} e{v} = {lane.Zero};");
        }
        using (w.Block($"for (int k = 0; k + 2 <= {k}; k += 2)"))
        {
            w.Line($"ref float rightNext = ref {Unsafe}.Add(ref right, {gemm.N});");
            w.Line($"{lane.Type} left0k = {lane.Broadcast("left0")};");
            w.Line($"{lane.Type} left1k = {lane.Broadcast($"{Unsafe}.Add(ref left0, {aColStride})")};");
            for (int v = 0; v < group.Count; v++)
            {
                w.Line($"c{v} = {lane.FusedMultiplyAdd("left0k", lane.Load("right", V(v * lane.Width)), "c" + v)};");
                w.Line($"e{v} = {lane.FusedMultiplyAdd("left1k", lane.Load("rightNext", V(v * lane.Width)), "e" + v)};");
            }
            w.Line($"left0 = ref {Unsafe}.Add(ref left0, {2 * aColStride});");
            w.Line($"right = ref {Unsafe}.Add(ref right, {2 * gemm.N});");
        }
        if (k % 2 == 1)
            for (int v = 0; v < group.Count; v++)
                w.Line($"c{v} = {lane.FusedMultiplyAdd(lane.Broadcast("left0"), lane.Load("right", V(v * lane.Width)), "c" + v)};");
        w.Line($"ref float out0 = ref {Offset(gemm.C, Row(0, gemm.N))};");
        for (int v = 0; v < group.Count; v++)
            w.Line(lane.Store(gemm.Product.Relu ? lane.Relu($"c{v} + e{v}") : $"(c{v} + e{v})", "out0", group.Column(v)));
    }

    /// <summary><c>Unsafe.Add(ref x, offset)</c>, or the reference itself at offset 0 (a <c>ref</c> expression either way).</summary>
    private static string Offset(string reference, string offset)
        => offset == "0" ? reference : $"{Unsafe}.Add(ref {reference}, {offset})";

    /// <summary><c>(i + 2) * 12</c>, simplified for the first row and unit strides.</summary>
    private static string Row(int r, int stride)
    {
        string row = r == 0 ? "i" : $"(i + {r})";
        return stride == 1 ? (r == 0 ? "i" : $"i + {r}") : $"{row} * {stride.ToString(CultureInfo.InvariantCulture)}";
    }
}
