using Unroll.Generator.Lowering;

namespace Unroll.Generator.Emitting;

internal static partial class GemmEmitter
{
    /// <summary>
    /// The vector kernel of a product whose B is given as Bᵀ (<see cref="MatrixProduct.BTransposed"/>):
    /// per block of the reduction and per column group (tail groups included), the group's panel is
    /// packed by transposing rows of Bᵀ, then every row reads it: the row blocks, and the rows left
    /// after them one at a time. Each output is one accumulator over the reduction in order, stored
    /// and reloaded between blocks: the scalar kernel's order, and the same in every row block.
    /// </summary>
    private static void EmitTransposedB(SourceWriter w, MatrixProduct product, ProductOperands operands, VectorWidth width, RowRange? rows, ColumnSplit? columns)
    {
        int reduction = product.K.Value ?? throw new System.InvalidOperationException("A product over Bᵀ needs a reduction length known at build time.");
        ProductTiling tiling = product.Tiling(width);
        ColumnTiling layout = tiling.RowBlocks;
        var gemm = new Gemm(product, operands, tiling);
        string first = rows?.Start ?? "0", end = rows?.End ?? product.M.ToString();
        int block = Tiling.ReductionBlockFor(width);
        int widest = System.Math.Max(layout.Blocks > 0 ? layout.BlockWidth : 0, System.Math.Max(layout.Vectors * layout.LaneFloats, layout.LaneFloats));
        w.Line(rows is null
            ? $"int rowBlocks = {product.M} - {product.M} % {Tiling.RowBlock};"
            : $"int rowBlocks = {first} + ({end} - {first}) / {Tiling.RowBlock} * {Tiling.RowBlock};");
        int wide = tiling.WideRowBlock;
        if (wide != Tiling.RowBlock)
            w.Line($"int wideRowBlocks = rowBlocks - (rowBlocks - {first}) % {Lcm(wide, Tiling.RowBlock)};");
        w.Comment($"reduction in blocks of {block}; each column panel of Bᵀ's transpose packed from Bᵀ's rows (L1-resident), then read by every row");
        w.Line($"global::System.Span<float> pack = stackalloc float[{System.Math.Min(block, reduction) * widest}];");
        w.Line("ref float packed = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(pack);");
        using (w.Block($"for (int kb = 0; kb < {reduction}; kb += {block})"))
        {
            w.Line($"int kc = global::System.Math.Min({block}, {reduction} - kb);");
            w.Line("bool first = kb == 0;");
            w.Line($"bool last = kb + kc == {reduction};");
            ColumnGroups.Emit(w, layout, group =>
            {
                int panelWidth = group.Count * group.Lane.Width;
                w.Line($"global::Unroll.Kernels.PanelKernels.PackTransposed(ref {Offset(operands.B, Sum(Term(group.Column(0), reduction), "kb"))}, {reduction}, ref packed, {panelWidth}, kc);");
                RowBlockLoops(w, first, wide, rowsAtATime => ReductionBlockKernel(w, gemm, group, rowsAtATime, "packed", panelWidth));
                using (w.Block($"for (int i = rowBlocks; i < {end}; i++)"))
                    ReductionBlockKernel(w, gemm, group, 1, "packed", panelWidth);
            }, columns);
        }
    }
}
