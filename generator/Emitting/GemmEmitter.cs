using Unroll.Generator.Lowering;

namespace Unroll.Generator.Emitting;

/// <summary>
/// One matrix product C (M, N) = A (M, K) · B (K, N), optionally + bias and relu, with A read
/// through strides so the same kernel serves x · W (forward), xᵀ · g (weight gradient) and
/// g · Wᵀ (input gradient). Operands are <c>ref float</c> locals already in scope.
/// </summary>
/// <param name="A">A(m, k) = A[m · ARowStride + k · AColStride].</param>
/// <param name="B">B(k, n) = B[k · N + n].</param>
/// <param name="C">C(m, n) = C[m · N + n].</param>
/// <param name="M">Rows: a literal or a variable such as <c>batch</c>.</param>
/// <param name="K">Reduction length: a literal or a variable.</param>
internal sealed record GemmSpec(string A, string B, string C, string? Bias, int N, string M, string K, string ARowStride, string AColStride, bool Relu);

internal static class GemmEmitter
{
    public static void Emit(SourceWriter w, GemmSpec gemm)
    {
        ColumnTiling blocked = Tiling.Columns(gemm.N);
        w.Line($"int rowBlocks = {gemm.M} - {gemm.M} % {Tiling.RowBlock};");
        if (blocked.Vector128Start > 0)
        {
            w.Comment($"{Tiling.RowBlock} rows at a time: {blocked.Describe()}");
            w.Line("if (rowBlocks > 0)");
            w.Line("{");
            w.Indent();
            if (Tiling.PacksPanels(gemm.N, int.TryParse(gemm.K, out int k) ? k : null))
            {
                // Large operands: the reduction is cut into blocks, and each block of a column
                // panel is copied contiguously before every row block of the batch reads it. The
                // copy (24 KB) stays in L1, and rows of B that sit a multiple of 4 KB apart no
                // longer compete for the same cache sets.
                w.Comment($"reduction in blocks of {Tiling.ReductionBlock}, each column panel packed contiguously (L1-resident, no 4 KB set aliasing)");
                w.Line($"global::System.Span<float> pack = stackalloc float[{Tiling.ReductionBlock * Tiling.BlockVectors * 8}];");
                w.Line("ref float pk = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(pack);");
                using (w.Block($"for (int kb = 0; kb < {gemm.K}; kb += {Tiling.ReductionBlock})"))
                {
                    w.Line($"int kc = global::System.Math.Min({Tiling.ReductionBlock}, {gemm.K} - kb);");
                    w.Line($"bool first = kb == 0, last = kb + kc == {gemm.K};");
                    ColumnGroups.Emit(w, blocked with { Vector128 = false, Scalars = 0 }, group =>
                    {
                        int width = group.Count * 8;
                        w.Line($"ref float src = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {gemm.B}, kb * {gemm.N} + {group.Column(0)});");
                        using (w.Block("for (int k = 0; k < kc; k++)"))
                        {
                            for (int v = 0; v < group.Count; v++)
                                w.Line($"global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref src, (global::System.UIntPtr){v * 8}), ref pk, (global::System.UIntPtr)(k * {width} + {v * 8}));");
                            w.Line($"src = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref src, {gemm.N});");
                        }
                        using (w.Block($"for (int i = 0; i < rowBlocks; i += {Tiling.RowBlock})"))
                            MicroKernel(w, gemm, group, Tiling.RowBlock, reductionBlocked: true);
                    });
                }
            }
            else
            {
                ColumnGroups.Emit(w, blocked with { Vector128 = false, Scalars = 0 }, group =>
                {
                    using (w.Block($"for (int i = 0; i < rowBlocks; i += {Tiling.RowBlock})"))
                        MicroKernel(w, gemm, group, Tiling.RowBlock);
                });
            }
            w.Outdent();
            w.Line("}");
        }
        ColumnTiling single = Tiling.SingleRowColumns(gemm.N);
        w.Comment($"The remaining rows one at a time: {single.Describe()}");
        ColumnGroups.Emit(w, single, group =>
        {
            using (w.Block($"for (int i = rowBlocks; i < {gemm.M}; i++)"))
                MicroKernel(w, gemm, group, 1);
        });
        if (blocked.Vector128 || blocked.Scalars > 0)
        {
            int start = blocked.Vector128Start;
            w.Comment($"The tail columns [{start}, {gemm.N}) of the blocked rows, one row at a time");
            ColumnGroups.EmitTailColumns(w, blocked, group =>
            {
                using (w.Block("for (int i = 0; i < rowBlocks; i++)"))
                    MicroKernel(w, gemm, group, 1);
            });
        }
    }

    /// <summary>rows × group.Count accumulators, the reduction walking A and B by pointer bumps.</summary>
    private static void MicroKernel(SourceWriter w, GemmSpec gemm, ColumnGroup group, int rows, bool reductionBlocked = false)
    {
        if (reductionBlocked)
        {
            ReductionBlockKernel(w, gemm, group, rows);
            return;
        }
        if (rows == 1 && group.Count <= 2 && int.TryParse(gemm.K, out int k) && k >= 8)
        {
            SplitReductionKernel(w, gemm, group, k);
            return;
        }
        VectorLane lane = group.Lane;
        for (int r = 0; r < rows; r++)
            w.Line($"ref float a{r} = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {gemm.A}, {Row(r, gemm.ARowStride)});");
        w.Line($"ref float bk = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {gemm.B}, {group.Column(0)});");
        for (int r = 0; r < rows; r++)
            for (int v = 0; v < group.Count; v++)
                w.Line($"{lane.Type} c{r}{v} = {(gemm.Bias is { } bias ? lane.Load(bias, group.Column(v)) : lane.Zero)};");
        ReductionLoop(w, gemm, group, rows, gemm.K, gemm.N.ToString());
        for (int r = 0; r < rows; r++)
        {
            w.Line($"ref float cr{r} = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {gemm.C}, {Row(r, gemm.N.ToString())});");
            for (int v = 0; v < group.Count; v++)
                w.Line(lane.Store(gemm.Relu ? lane.Relu($"c{r}{v}") : $"c{r}{v}", "cr" + r, group.Column(v)));
        }
    }

    /// <summary>
    /// The heart of both kernels: per reduction step, load the B row's vectors once, broadcast
    /// each row's A value, and FMA it into that row's accumulators; then step A and B.
    /// </summary>
    private static void ReductionLoop(SourceWriter w, GemmSpec gemm, ColumnGroup group, int rows, string length, string bStride)
    {
        VectorLane lane = group.Lane;
        using (w.Block($"for (int k = 0; k < {length}; k++)"))
        {
            for (int v = 0; v < group.Count; v++)
                w.Line($"{lane.Type} b{v} = {lane.Load("bk", (v * lane.Width).ToString())};");
            for (int r = 0; r < rows; r++)
            {
                w.Line($"{lane.Type} a{r}k = {lane.Broadcast($"a{r}")};");
                for (int v = 0; v < group.Count; v++)
                    w.Line($"c{r}{v} = {lane.FusedMultiplyAdd($"a{r}k", "b" + v, $"c{r}{v}")};");
            }
            for (int r = 0; r < rows; r++)
                w.Line($"a{r} = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref a{r}, {gemm.AColStride});");
            w.Line($"bk = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref bk, {bStride});");
        }
    }

    /// <summary>
    /// The blocked-reduction form: rows [kb, kb + kc) of the reduction, starting from the bias (first
    /// block) or from the partial sums already in C, and applying relu only after the last block.
    /// </summary>
    private static void ReductionBlockKernel(SourceWriter w, GemmSpec gemm, ColumnGroup group, int rows)
    {
        VectorLane lane = group.Lane;
        for (int r = 0; r < rows; r++)
        {
            w.Line($"ref float a{r} = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {gemm.A}, {Row(r, gemm.ARowStride)} + kb{(gemm.AColStride == "1" ? "" : " * " + gemm.AColStride)});");
            w.Line($"ref float cr{r} = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {gemm.C}, {Row(r, gemm.N.ToString())});");
        }
        int packedWidth = group.Count * lane.Width;
        w.Line("ref float bk = ref pk;");
        string start = gemm.Bias is { } bias ? lane.Load(bias, "{col}") : lane.Zero;
        for (int r = 0; r < rows; r++)
            for (int v = 0; v < group.Count; v++)
                w.Line($"{lane.Type} c{r}{v} = first ? {start.Replace("{col}", group.Column(v))} : {lane.Load("cr" + r, group.Column(v))};");
        ReductionLoop(w, gemm, group, rows, "kc", packedWidth.ToString());
        if (gemm.Relu)
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
                w.Line(lane.Store($"c{r}{v}", "cr" + r, group.Column(v)));
    }

    /// <summary>
    /// One row with at most two accumulators is latency-bound (each FMA waits for the previous
    /// one): even and odd steps of the reduction go to separate accumulators, summed at the end.
    /// </summary>
    private static void SplitReductionKernel(SourceWriter w, GemmSpec gemm, ColumnGroup group, int k)
    {
        VectorLane lane = group.Lane;
        w.Line($"ref float a0 = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {gemm.A}, {Row(0, gemm.ARowStride)});");
        w.Line($"ref float bk = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {gemm.B}, {group.Column(0)});");
        for (int v = 0; v < group.Count; v++)
        {
            w.Line($"{lane.Type} c{v} = {(gemm.Bias is { } bias ? lane.Load(bias, group.Column(v)) : lane.Zero)};");
            w.Line($"{lane.Type} e{v} = {lane.Zero};");
        }
        string next = Step(gemm.AColStride, 1);
        using (w.Block($"for (int k = 0; k + 2 <= {k}; k += 2)"))
        {
            w.Line($"ref float bk1 = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref bk, {gemm.N});");
            w.Line($"{lane.Type} a0k = {lane.Broadcast("a0")};");
            w.Line($"{lane.Type} a1k = {lane.Broadcast($"global::System.Runtime.CompilerServices.Unsafe.Add(ref a0, {next})")};");
            for (int v = 0; v < group.Count; v++)
            {
                w.Line($"c{v} = {lane.FusedMultiplyAdd("a0k", lane.Load("bk", (v * lane.Width).ToString()), "c" + v)};");
                w.Line($"e{v} = {lane.FusedMultiplyAdd("a1k", lane.Load("bk1", (v * lane.Width).ToString()), "e" + v)};");
            }
            w.Line($"a0 = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref a0, {Step(gemm.AColStride, 2)});");
            w.Line($"bk = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref bk, {2 * gemm.N});");
        }
        if (k % 2 == 1)
            for (int v = 0; v < group.Count; v++)
                w.Line($"c{v} = {lane.FusedMultiplyAdd(lane.Broadcast("a0"), lane.Load("bk", (v * lane.Width).ToString()), "c" + v)};");
        w.Line($"ref float cr0 = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {gemm.C}, {Row(0, gemm.N.ToString())});");
        for (int v = 0; v < group.Count; v++)
            w.Line(lane.Store(gemm.Relu ? lane.Relu($"c{v} + e{v}") : $"(c{v} + e{v})", "cr0", group.Column(v)));
    }

    private static string Step(string stride, int steps) => int.TryParse(stride, out int s) ? (s * steps).ToString() : steps == 1 ? stride : $"{steps} * {stride}";

    /// <summary><c>(i + 2) * 12</c>, simplified for the first row and unit strides.</summary>
    private static string Row(int r, string stride)
    {
        string row = r == 0 ? "i" : $"(i + {r})";
        return stride == "1" ? (r == 0 ? "i" : $"i + {r}") : $"{row} * {stride}";
    }
}
