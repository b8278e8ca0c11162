using Unroll.Generator.Lowering;

namespace Unroll.Generator.Emitting;

internal static partial class GemmEmitter
{
    /// <summary>
    /// Row 0 of the product with its reduction written out step by step: no loop, every offset a
    /// constant. It is the kernel's one-row code (<see cref="MicroKernel"/> or <see cref="SplitReductionKernel"/>)
    /// with the same accumulators, fed in the same order, so the same bits as a call with one row.
    /// For a small layer's single sample, where a call's loop and pointer bookkeeping cost as much as its FMAs.
    /// </summary>
    /// <param name="keep">
    /// Where each finished register goes, as a statement from the group, the register's index in it
    /// and its value (after the relu, if any): stored into C when null.
    /// </param>
    public static void EmitSingleRow(SourceWriter w, MatrixProduct product, ProductOperands operands, VectorWidth width, System.Func<ColumnGroup, int, string, string>? keep = null)
    {
        ProductTiling tiling = product.Tiling(width);
        var gemm = new Gemm(product, operands, tiling);
        System.Func<ColumnGroup, int, string, string> sink = keep ?? ((g, v, value) => g.Lane.Store(value, gemm.C, g.Column(v)));
        int k = product.K.Value ?? throw new System.InvalidOperationException("An unrolled row needs a reduction length known at build time.");
        w.Comment($"One row, {tiling.SingleRows.Describe()}, the {k} reduction steps unrolled");
        ColumnGroups.Emit(w, tiling.SingleRows, group =>
        {
            if (group.Count <= SplitLimit(group.Lane) && tiling.SplitsReduction) UnrolledSplitReduction(w, gemm, group, k, sink);
            else UnrolledReduction(w, gemm, group, k, sink);
        });
    }

    // SplitReductionKernel's accumulators: even steps into c, odd steps into e, summed at the end.
    private static void UnrolledSplitReduction(SourceWriter w, Gemm gemm, ColumnGroup group, int k, System.Func<ColumnGroup, int, string, string> keep)
    {
        VectorLane lane = group.Lane;
        for (int v = 0; v < group.Count; v++)
        {
            w.Line($"{lane.Type} c{v} = {Start(gemm, group, v)};");
            w.Line($"{lane.Type} e{v} = {lane.Zero};");
        }
        for (int step = 0; step + 2 <= k; step += 2)
        {
            w.Line($"{lane.Type} left{step} = {lane.Broadcast(LeftAt(gemm, step))};");
            w.Line($"{lane.Type} left{step + 1} = {lane.Broadcast(LeftAt(gemm, step + 1))};");
            for (int v = 0; v < group.Count; v++)
            {
                w.Line($"c{v} = {lane.FusedMultiplyAdd($"left{step}", RightAt(gemm, group, step, v), "c" + v)};");
                w.Line($"e{v} = {lane.FusedMultiplyAdd($"left{step + 1}", RightAt(gemm, group, step + 1, v), "e" + v)};");
            }
        }
        if (k % 2 == 1)
            for (int v = 0; v < group.Count; v++)
                w.Line($"c{v} = {lane.FusedMultiplyAdd(lane.Broadcast(LeftAt(gemm, k - 1)), RightAt(gemm, group, k - 1, v), "c" + v)};");
        for (int v = 0; v < group.Count; v++)
            w.Line(keep(group, v, gemm.Product.Relu ? lane.Relu($"c{v} + e{v}") : $"(c{v} + e{v})"));
    }

    // MicroKernel's one-row accumulators: one per register, every step in turn.
    private static void UnrolledReduction(SourceWriter w, Gemm gemm, ColumnGroup group, int k, System.Func<ColumnGroup, int, string, string> keep)
    {
        VectorLane lane = group.Lane;
        for (int v = 0; v < group.Count; v++)
            w.Line($"{lane.Type} c{v} = {Start(gemm, group, v)};");
        for (int step = 0; step < k; step++)
        {
            w.Line($"{lane.Type} left{step} = {lane.Broadcast(LeftAt(gemm, step))};");
            for (int v = 0; v < group.Count; v++)
                w.Line($"c{v} = {lane.FusedMultiplyAdd($"left{step}", RightAt(gemm, group, step, v), "c" + v)};");
        }
        for (int v = 0; v < group.Count; v++)
            w.Line(keep(group, v, gemm.Product.Relu ? lane.Relu($"c{v}") : $"c{v}"));
    }

    private static string Start(Gemm gemm, ColumnGroup group, int v)
        => gemm.Operands.Bias is { } bias ? group.Lane.Load(bias, group.Column(v)) : group.Lane.Zero;

    // Step k's element of row 0 of A.
    private static string LeftAt(Gemm gemm, int step) => Offset(gemm.A, V(step * gemm.Product.AColStride));

    // Step k's vector v of the group in B (row k of B).
    private static string RightAt(Gemm gemm, ColumnGroup group, int step, int v)
        => group.Lane.Load(gemm.B, Sum(V(step * gemm.N), group.Column(v)));
}
