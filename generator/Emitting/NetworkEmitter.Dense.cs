using Unroll.Generator.Lowering;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Emitting;

internal static partial class NetworkEmitter
{
    /// <param name="sampleKernel">Whether PredictSample calls this layer's ForwardSample (a small layer not fused with a dot product above it).</param>
    private static void EmitDenseKernels(SourceWriter w, LayerPlan layer, DensePlan dense, bool sampleKernel)
    {
        int inputs = dense.Inputs, units = dense.Units;
        string prefix = dense.KernelPrefix;
        w.Comment($"x (B, {inputs}) · W ({inputs}, {units}){(dense.UseBias ? $" + b ({units})" : "")} -> a (B, {units}), {KerasNames.Of(dense.Activation)}");
        if (dense.SharesKernels)
        {
            w.Comment($"Same shapes and activation as an earlier layer: uses {prefix}Forward and {prefix}Backward.");
            EmitSplitWeightGradientKernels(w, layer, dense);
            return;
        }
        if (dense.Dot is { } dot)
        {
            w.Comment($"Forward: one unit, so W is a contiguous column and each sample is one dot product of its {inputs} inputs");
            if (dense.ForwardWidths[0] == VectorWidth.Vector512)
                w.Comment($"(with AVX-512 {DescribeDot(dot, VectorWidth.Vector512)}; with AVX2 {DescribeDot(dot, VectorWidth.Vector256)};");
            else
                w.Comment($"({DescribeDot(dot, VectorWidth.Vector256)};");
            w.Comment($"without 256-bit vectors {DescribeDot(dot, VectorWidth.Vector128)}), then");
        }
        else if (!dense.VectorForward)
        {
            w.Comment($"Forward: scalar ({TooNarrow(units)}), then");
        }
        else
        {
            CommentProduct(w, "Forward,", dense.Forward, "samples", dense.ForwardWidths[0]);
            w.Comment($"accumulated in registers over the {inputs} inputs (broadcast x · kernel row), then");
        }
        w.Comment(dense.Epilogue switch
        {
            ActivationEpilogue.FusedRelu => "relu is applied in the store epilogue.",
            ActivationEpilogue.None => "stored as is (linear).",
            ActivationEpilogue.SharedKernel => $"{KerasNames.Of(dense.Activation)} is applied to the whole block afterwards (shared vectorised kernel).",
            _ => throw new System.InvalidOperationException($"No epilogue {dense.Epilogue}."),
        });
        PackedProduct? packed = PackedPanels.Of(layer);
        EmitDenseForward(w, dense, packed);
        if (sampleKernel) EmitDenseForwardSample(w, dense);
        EmitColumnSplitForward(w, layer, dense, packed);
        EmitPanelPacking(w, packed);
        w.Line();
        w.Comment($"Backward, from g = dLoss/dz (B, {units}): dW = xᵀ · g{(dense.UseBias ? " and db = Σ_B g" : "")}, summed over the batch"
                  + (dense.VectorBackward ? " in registers and stored once (no zeroing pass);" : " (scalar);"));
        w.Comment(dense.InputGradient switch
        {
            null => "no dx: this layer's input is the data.",
            { BTransposed: true } => "dx = g · Wᵀ reading W itself: each panel of Wᵀ is packed by transposing rows of W (no transposed copy per step).",
            _ => "dx = g · Wᵀ through a transposed copy of W.",
        });
        // A split layer's own kernels do that (below), and no later layer calls its kernels
        // (KernelPlanner), so nothing would call a Backward kernel.
        if (!SplitsWeightGradientRows(layer)) EmitDenseBackward(w, dense);
        if (layer.Transpose is { } transpose) EmitTranspose(w, transpose);
        EmitSplitWeightGradientKernels(w, layer, dense);
    }

    // A kernel of at least 2^18 floats (1 MB) is worth splitting by its columns: split by batch
    // rows instead, every thread would stream (and pack) all of it through its own cache.
    private const long ColumnSplitForwardMinimum = 1 << 18;

    /// <summary>
    /// Whether the pool splits this layer's forward pass by output columns across threads, each
    /// over the whole batch, instead of by batch rows: only a wide Dense that is the network's only
    /// layer (so no other layer needs all of its columns first), with a linear or fused relu epilogue
    /// (applied per column), on the matrix-product path.
    /// </summary>
    private static bool SplitsForwardColumns(LayerPlan layer)
        => layer.Index == 0 && layer.IsOutput
           && layer.Kind is DensePlan { VectorForward: true, Dot: null, SharesKernels: false } dense
           && dense.Epilogue is ActivationEpilogue.None or ActivationEpilogue.FusedRelu
           && (long)dense.Inputs * dense.Units >= ColumnSplitForwardMinimum;

    /// <summary>
    /// For a layer whose forward pass is split by columns: part <c>part</c> of <c>parts</c> of a's
    /// columns over the whole batch, each column computed by the code the Forward kernel computes
    /// it with (the same column groups, reduction order and epilogue), so the same bits.
    /// </summary>
    private static void EmitColumnSplitForward(SourceWriter w, LayerPlan layer, DensePlan dense, PackedProduct? packed)
    {
        if (!SplitsForwardColumns(layer)) return;
        w.Line();
        w.Comment($"Split across threads by columns of a, each part over the whole batch: a thread reads only its columns of W ({dense.Inputs}, {dense.Units}).");
        using (w.Block($"private static void {dense.KernelPrefix}ForwardColumns(global::System.ReadOnlySpan<float> x, global::System.ReadOnlySpan<float> w, global::System.ReadOnlySpan<float> b, global::System.Span<float> a, int batch, int part, int parts{PackedPanelsParameter(packed)})"))
        {
            var columns = new ColumnSplit("part", "parts");
            EmitPaths(w, true, "",
                width =>
                {
                    EmitForwardReferences(w, dense);
                    GemmEmitter.Emit(w, dense.Forward, new ProductOperands("xr", "wr", "ar", dense.UseBias ? "br" : null), width, columns: columns, prepacked: PackedPanelsArgument(packed));
                },
                () => GemmEmitter.EmitScalar(w, dense.Forward, new ProductOperands("x", "w", "a", dense.UseBias ? "b" : null), columns: columns),
                dense.ForwardWidths);
        }
    }

    /// <summary>
    /// Whether the pool splits this layer's weight gradient by its rows (input features) across
    /// threads, each over the whole batch, instead of by batch rows: a wide output layer's or a
    /// large other layer's (<see cref="LayerPlan.SplitsWeightGradientRows"/>).
    /// </summary>
    private static bool SplitsWeightGradientRows(LayerPlan layer) => layer.SplitsWeightGradientRows;

    /// <summary>
    /// For a layer whose weight gradient is split by rows: dW rows [rowStart, rowEnd) over the whole
    /// batch (with db, by the range that starts at row 0), and dx alone for BackwardRange's rows.
    /// The same products as the Backward kernel, so the same bits.
    /// </summary>
    private static void EmitSplitWeightGradientKernels(SourceWriter w, LayerPlan layer, DensePlan dense)
    {
        if (!SplitsWeightGradientRows(layer)) return;
        w.Line();
        w.Comment($"Split across threads by rows of dW ({dense.Inputs}, {dense.Units}) = xᵀ · g, each range over the whole batch:");
        w.Comment("no per-thread copy of dW to write and add up; db with the range that starts at row 0.");
        using (w.Block($"private static void {layer.MethodPrefix}WeightGradientRows(global::System.ReadOnlySpan<float> x, global::System.ReadOnlySpan<float> g, global::System.Span<float> dw, global::System.Span<float> db, int batch, int rowStart, int rowEnd)"))
        {
            EmitPaths(w, true, "",
                width =>
                {
                    EmitReference(w, "x");
                    EmitReference(w, "g");
                    EmitReference(w, "dw");
                    using (w.Block(""))
                        GemmEmitter.Emit(w, dense.WeightGradient, new ProductOperands("xr", "gr", "dwr", null), width, new RowRange("rowStart", "rowEnd"));
                    if (dense.UseBias)
                        using (w.Block("if (rowStart == 0)"))
                            EmitColumnSums(w, dense.BiasColumns, width, Extent.Of("batch"), "gr", "db");
                },
                () =>
                {
                    GemmEmitter.EmitScalar(w, dense.WeightGradient, new ProductOperands("x", "g", "dw", null), new RowRange("rowStart", "rowEnd"));
                    if (dense.UseBias)
                        using (w.Block("if (rowStart == 0)"))
                            GemmEmitter.EmitScalarColumnSums(w, Extent.Of("batch"), dense.Units, "g", "db");
                },
                dense.BackwardWidths);
        }
        if (dense.InputGradient is not { } dx) return;
        w.Line();
        w.Comment("dx = g · Wᵀ for BackwardRange's rows, as in the Backward kernel.");
        string wt = WtOperand(dense);
        using (w.Block($"private static void {layer.MethodPrefix}InputGradient(global::System.ReadOnlySpan<float> g, global::System.ReadOnlySpan<float> {wt}, global::System.Span<float> dx, int batch)"))
        {
            EmitPaths(w, true, "",
                width =>
                {
                    EmitReference(w, "g");
                    EmitReference(w, wt);
                    EmitReference(w, "dx");
                    using (w.Block(""))
                        GemmEmitter.Emit(w, dx, new ProductOperands("gr", wt + "r", "dxr", null), width);
                },
                () => GemmEmitter.EmitScalar(w, dx, new ProductOperands("g", wt, "dx", null)),
                dense.BackwardWidths);
        }
    }

    /// <summary>The input gradient's B operand: W itself when it is read transposed in place, else its transposed copy Wᵀ.</summary>
    private static string WtOperand(DensePlan dense) => dense.InputGradient?.BTransposed == true ? "w" : "wt";

    /// <summary><c>2 × Vector256 accumulators over [0, 16) + 1 × Vector128</c>.</summary>
    private static string DescribeDot(DotProduct product, VectorWidth width)
    {
        DotTiling dot = product.Tiling(width);
        string text = $"{dot.Accumulators} × {width} accumulator{(dot.Accumulators > 1 ? "s" : "")} over [0, {dot.VectorEnd})";
        if (dot.HalfVector) text += $" + 1 × {dot.HalfWidth}";
        if (dot.QuarterVector) text += " + 1 × Vector128";
        int scalars = product.Length - dot.ScalarStart;
        if (scalars > 0) text += $" + {scalars} scalar{(scalars > 1 ? "s" : "")}";
        return text;
    }

    private static void EmitDenseForward(SourceWriter w, DensePlan dense, PackedProduct? packed)
    {
        using (w.Block($"private static void {dense.KernelPrefix}Forward(global::System.ReadOnlySpan<float> x, global::System.ReadOnlySpan<float> w, global::System.ReadOnlySpan<float> b, global::System.Span<float> a, int batch{PackedPanelsParameter(packed)})"))
        {
            EmitPaths(w, dense.VectorForward, TooNarrow(dense.Units),
                width =>
                {
                    if (dense.Dot is { } dot)
                    {
                        EmitDenseForwardDot(w, dense, dot.Tiling(width));
                        return;
                    }
                    EmitForwardReferences(w, dense);
                    GemmEmitter.Emit(w, dense.Forward, new ProductOperands("xr", "wr", "ar", dense.UseBias ? "br" : null), width, prepacked: PackedPanelsArgument(packed));
                },
                () => GemmEmitter.EmitScalar(w, dense.Forward, new ProductOperands("x", "w", "a", dense.UseBias ? "b" : null)),
                dense.ForwardWidths);
            if (dense.Epilogue == ActivationEpilogue.SharedKernel)
                w.Line($"global::Unroll.Kernels.ActivationKernels.Forward(global::Unroll.Activation.{KerasNames.Member(dense.Activation)}, a.Slice(0, {GemmEmitter.Term("batch", dense.Units)}), {dense.Units});");
        }
    }

    /// <summary>
    /// One sample of a small layer (<see cref="DensePlan.UnrollsSingleSample"/>), for PredictSample:
    /// the Forward kernel's one-row code with the reduction unrolled, inlined into the caller, so a
    /// small network's single sample runs as one method without loops. The same bits as Forward with one row.
    /// </summary>
    private static void EmitDenseForwardSample(SourceWriter w, DensePlan dense)
    {
        w.Line();
        w.Comment($"One sample (PredictSample), the {dense.Inputs} inputs unrolled: Forward's one-row code, without its loops.");
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        using (w.Block($"private static void {dense.KernelPrefix}ForwardSample(global::System.ReadOnlySpan<float> x, global::System.ReadOnlySpan<float> w, global::System.ReadOnlySpan<float> b, global::System.Span<float> a)"))
        {
            EmitPaths(w, true, "",
                width =>
                {
                    EmitForwardReferences(w, dense);
                    GemmEmitter.EmitSingleRow(w, dense.Forward, new ProductOperands("xr", "wr", "ar", dense.UseBias ? "br" : null), width);
                },
                () => GemmEmitter.EmitScalar(w, dense.Forward with { M = Extent.Constant(1) }, new ProductOperands("x", "w", "a", dense.UseBias ? "b" : null)),
                dense.ForwardWidths);
            if (dense.Epilogue == ActivationEpilogue.SharedKernel)
                w.Line($"global::Unroll.Kernels.ActivationKernels.Forward(global::Unroll.Activation.{KerasNames.Member(dense.Activation)}, a.Slice(0, {dense.Units}), {dense.Units});");
        }
    }

    // The forward kernels' ref locals: xr, wr, br (with a bias) and ar.
    private static void EmitForwardReferences(SourceWriter w, DensePlan dense)
    {
        EmitReference(w, "x");
        EmitReference(w, "w");
        if (dense.UseBias) EmitReference(w, "b");
        EmitReference(w, "a");
    }

    private static void EmitDenseForwardDot(SourceWriter w, DensePlan dense, DotTiling dot)
    {
        VectorLane lane = VectorLane.Of(dot.Width);
        int floats = lane.Width;
        EmitReference(w, "x");
        EmitReference(w, "w");
        using (w.Block("for (int s = 0; s < batch; s++)"))
        {
            w.Line($"ref float xs = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref xr, s * {dense.Inputs});");
            if (dot.Accumulators == 2) w.Comment("two accumulators halve the FMA dependency chain");
            for (int d = 0; d < dot.Accumulators; d++) w.Line($"{lane.Type} d{d} = {lane.Zero};");
            if (dot.PairedEnd > 0)
            {
                using (w.Block($"for (int k = 0; k + {2 * floats} <= {dot.PairedEnd}; k += {2 * floats})"))
                {
                    w.Line($"d0 = {lane.FusedMultiplyAdd(lane.Load("xs", "k"), lane.Load("wr", "k"), "d0")};");
                    w.Line($"d1 = {lane.FusedMultiplyAdd(lane.Load("xs", $"k + {floats}"), lane.Load("wr", $"k + {floats}"), "d1")};");
                }
            }
            EmitDotAfterPairs(w, dense, dot, (piece, start) => piece.Load("xs", start.ToString(System.Globalization.CultureInfo.InvariantCulture)), "wr", "b[0]", "a[s]");
        }
    }

    /// <summary>
    /// A dot product's statements after its paired part: the lone vector, the sum of the accumulators
    /// and the bias, the half and quarter vectors, the scalars, and the store into <paramref name="target"/>.
    /// <paramref name="x"/> gives the input piece of a lane that starts at a column: a load, or the
    /// register that holds it (the fused single-sample kernel), so both write the same operations.
    /// </summary>
    private static void EmitDotAfterPairs(SourceWriter w, DensePlan dense, DotTiling dot, System.Func<VectorLane, int, string> x, string weights, string bias, string target)
    {
        VectorLane lane = VectorLane.Of(dot.Width);
        string Weights(VectorLane piece, int start) => piece.Load(weights, start.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (dot.LoneVector)
            w.Line($"d0 = {lane.FusedMultiplyAdd(x(lane, dot.VectorEnd - lane.Width), Weights(lane, dot.VectorEnd - lane.Width), "d0")};");
        w.Line($"float sum = {lane.Factory}.Sum({(dot.Accumulators == 2 ? "d0 + d1" : "d0")}){(dense.UseBias ? $" + {bias}" : "")};");
        if (dot.HalfVector)
        {
            VectorLane half = VectorLane.Of(dot.HalfWidth);
            w.Line($"sum += {half.Factory}.Sum({x(half, dot.VectorEnd)} * {Weights(half, dot.VectorEnd)});");
        }
        if (dot.QuarterVector)
            w.Line($"sum += {VectorLane.V128.Factory}.Sum({x(VectorLane.V128, dot.QuarterStart)} * {Weights(VectorLane.V128, dot.QuarterStart)});");
        for (int k = dot.ScalarStart; k < dense.Inputs; k++)
            w.Line($"sum = {ScalarMath.MultiplyAdd(x(VectorLane.Scalar, k), Weights(VectorLane.Scalar, k), "sum")};");
        w.Line($"{target} = {(dense.Epilogue == ActivationEpilogue.FusedRelu ? "global::System.MathF.Max(sum, 0f)" : "sum")};");
    }

    private static void EmitDenseBackward(SourceWriter w, DensePlan dense)
    {
        int inputs = dense.Inputs, units = dense.Units;
        string wt = WtOperand(dense);
        string dxParameter = dense.InputGradient is not null ? $", global::System.Span<float> dx, global::System.ReadOnlySpan<float> {wt}" : "";
        using (w.Block($"private static void {dense.KernelPrefix}Backward(global::System.ReadOnlySpan<float> x, global::System.ReadOnlySpan<float> g, global::System.Span<float> dw, global::System.Span<float> db{dxParameter}, int batch)"))
        {
            EmitPaths(w, dense.VectorBackward, TooNarrow(units),
                width =>
                {
                    EmitReference(w, "x");
                    EmitReference(w, "g");
                    EmitReference(w, "dw");
                    w.Comment($"dW ({inputs}, {units}) = xᵀ · g: the same kernel with A = xᵀ read through strides, reduced over the batch");
                    using (w.Block(""))
                        GemmEmitter.Emit(w, dense.WeightGradient, new ProductOperands("xr", "gr", "dwr", null), width);
                    if (dense.UseBias) EmitColumnSums(w, dense.BiasColumns, width, Extent.Of("batch"), "gr", "db");
                    if (dense.InputGradient is not { } dx) return;
                    w.Comment(dx.BTransposed
                        ? $"dx (B, {inputs}) = g · Wᵀ: panels of Wᵀ packed from W's rows"
                        : $"dx (B, {inputs}) = g · Wᵀ: with Wᵀ prepared once per backward pass, the product is the forward kernel again");
                    EmitReference(w, wt);
                    EmitReference(w, "dx");
                    using (w.Block(""))
                        GemmEmitter.Emit(w, dx, new ProductOperands("gr", wt + "r", "dxr", null), width);
                },
                () =>
                {
                    GemmEmitter.EmitScalar(w, dense.WeightGradient, new ProductOperands("x", "g", "dw", null));
                    if (dense.UseBias) GemmEmitter.EmitScalarColumnSums(w, Extent.Of("batch"), units, "g", "db");
                    if (dense.InputGradient is { } dx) GemmEmitter.EmitScalar(w, dx, new ProductOperands("g", wt, "dx", null));
                },
                dense.BackwardWidths);
        }
    }
}
