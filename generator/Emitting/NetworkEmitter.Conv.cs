using Unroll.Generator.Lowering;
using Unroll.Generator.Shapes;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Emitting;

internal static partial class NetworkEmitter
{
    /// <summary>
    /// Convolution as patches times the Keras kernel read as (kh·kw·C, filters): im2col + the matrix
    /// product, or (few input channels) a direct convolution forward, as the plan chose.
    /// </summary>
    private static void EmitConvKernels(SourceWriter w, LayerPlan layer, ConvPlan conv)
    {
        ImageGeometry g = conv.Geometry;
        int patch = conv.Patch, positions = g.Positions, filters = conv.Filters;
        bool first = conv.ChannelsFirstStaging is not null;
        bool direct = conv.Algorithm == ConvAlgorithm.Direct;
        string prefix = layer.MethodPrefix;
        if (direct)
        {
            w.Comment($"Forward is a direct convolution: with {g.Channels} input channel(s) a patch holds only {patch} values, so copying patches (im2col)");
            w.Comment("costs more than the arithmetic; each output position instead accumulates the window into registers across the filters");
            w.Comment($"({conv.DirectColumns.Describe()}). Measured on the Fashion-MNIST layer 28×28×1 → 26×26×32: direct 1.9 ms, im2col + product 3.6 ms per 256 samples.");
            w.Comment($"Backward builds the patches and uses products: dW = patchesᵀ · g, reduced over B·{positions} rows, is a long product.");
        }
        else
        {
            w.Comment($"im2col: each of the {positions} output positions gets a row of {patch} = {g.WindowHeight}·{g.WindowWidth}·{g.Channels} inputs (padding {g.PadTop} top, {g.PadLeft} left),");
            w.Comment($"so the convolution is one product (B·{positions}, {patch}) · ({patch}, {filters}) with the generated kernel: with {g.Channels} channels");
            w.Comment("a patch is long enough for the product's register blocking to pay for the copy.");
            if (conv.Vectorized) CommentProduct(w, "The forward product,", conv.Forward, "patch rows");
        }
        if (first) w.Comment($"Channels first: the product yields (positions, filters); one transpose per sample gives ({filters}, {g.OutHeight}, {g.OutWidth}).");
        EmitGeometry(w, conv.GeometryField, g);
        w.Line();

        string tParameter = first ? ", global::System.Span<float> t" : "";
        using (w.Block($"private static void {prefix}Forward(global::System.ReadOnlySpan<float> x, global::System.ReadOnlySpan<float> w, global::System.ReadOnlySpan<float> b, global::System.Span<float> col, global::System.Span<float> a{tParameter}, int batch)"))
        {
            string target = first ? "t" : "a";
            if (!direct) w.Line($"global::Unroll.Kernels.ImageKernels.Im2Col(x, col, batch, {conv.GeometryField});");
            EmitPaths(w, conv.Vectorized, TooNarrow(filters),
                width =>
                {
                    if (direct)
                    {
                        EmitDirectConvolution(w, conv, width);
                        return;
                    }
                    EmitReference(w, "col");
                    EmitReference(w, "w");
                    if (conv.UseBias) EmitReference(w, "b");
                    EmitReference(w, target);
                    GemmEmitter.Emit(w, conv.Forward, new ProductOperands("colr", "wr", target + "r", conv.UseBias ? "br" : null), width);
                },
                () =>
                {
                    if (direct) w.Line($"global::Unroll.Kernels.ImageKernels.Im2Col(x, col, batch, {conv.GeometryField});");
                    GemmEmitter.EmitScalar(w, conv.Forward, new ProductOperands("col", "w", target, conv.UseBias ? "b" : null));
                });
            if (first) w.Line($"global::Unroll.Kernels.ImageKernels.Transpose(t, a, batch, rows: {positions}, columns: {filters});");
            if (conv.Epilogue == ActivationEpilogue.SharedKernel)
                w.Line($"global::Unroll.Kernels.ActivationKernels.Forward(global::Unroll.Activation.{KerasNames.Member(conv.Activation)}, a.Slice(0, {GemmEmitter.Term("batch", layer.Layer.Output.Size)}), {layer.Layer.Output.Last});");
        }
        w.Line();

        w.Comment($"Backward, from g = dLoss/dz: dW = patchesᵀ · g{(conv.UseBias ? " and db = Σ g" : "")} over the B·{positions} rows;" + (conv.InputGradient is not null ? " dpatches = g · Wᵀ (into the patch buffer, no longer needed), then col2im adds them back to dx." : " no dx: the input is the data."));
        string dxParameters = conv.InputGradient is not null ? ", global::System.Span<float> dx, global::System.ReadOnlySpan<float> wt" : "";
        using (w.Block($"private static void {prefix}Backward({(direct ? "global::System.ReadOnlySpan<float> x, " : "")}global::System.ReadOnlySpan<float> g, global::System.Span<float> col, global::System.Span<float> dw, global::System.Span<float> db{dxParameters}{tParameter}, int batch)"))
        {
            if (direct) w.Line($"global::Unroll.Kernels.ImageKernels.Im2Col(x, col, batch, {conv.GeometryField}); // the direct forward pass built no patches");
            string gradient = "g";
            if (first)
            {
                w.Line($"global::Unroll.Kernels.ImageKernels.Transpose(g, t, batch, rows: {filters}, columns: {positions}); // back to (positions, filters)");
                gradient = "t";
            }
            Extent rows = conv.Forward.M;
            EmitPaths(w, conv.Vectorized, TooNarrow(filters),
                width =>
                {
                    EmitReference(w, "col");
                    w.Line($"ref float gr = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({gradient});");
                    EmitReference(w, "dw");
                    w.Comment($"dW ({patch}, {filters}) = patchesᵀ · g, reduced over the B·{positions} rows");
                    using (w.Block(""))
                        GemmEmitter.Emit(w, conv.WeightGradient, new ProductOperands("colr", "gr", "dwr", null), width);
                    if (conv.UseBias) EmitColumnSums(w, conv.BiasColumns, width, rows, "gr", "db");
                    if (conv.InputGradient is not { } dpatches) return;
                    w.Comment($"dpatches (B·{positions}, {patch}) = g · Wᵀ");
                    EmitReference(w, "wt");
                    using (w.Block(""))
                        GemmEmitter.Emit(w, dpatches, new ProductOperands("gr", "wtr", "colr", null), width);
                },
                () =>
                {
                    GemmEmitter.EmitScalar(w, conv.WeightGradient, new ProductOperands("col", gradient, "dw", null));
                    if (conv.UseBias) GemmEmitter.EmitScalarColumnSums(w, rows, filters, gradient, "db");
                    if (conv.InputGradient is { } dpatches) GemmEmitter.EmitScalar(w, dpatches, new ProductOperands(gradient, "wt", "col", null));
                });
            if (conv.InputGradient is not null)
                w.Line($"global::Unroll.Kernels.ImageKernels.Col2Im(col, dx, batch, {conv.GeometryField});");
        }
        if (layer.Transpose is { } transpose) EmitTranspose(w, transpose);
    }

    /// <summary>Each output position: the window's inputs broadcast against the kernel rows, all filters in registers.</summary>
    private static void EmitDirectConvolution(SourceWriter w, ConvPlan conv, VectorWidth width)
    {
        ImageGeometry g = conv.Geometry;
        int filters = conv.Filters, channels = g.Channels;
        const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
        EmitReference(w, "x");
        EmitReference(w, "w");
        if (conv.UseBias) EmitReference(w, "b");
        EmitReference(w, "a");
        using (w.Block("for (int s = 0; s < batch; s++)"))
        using (w.Block($"for (int oh = 0; oh < {g.OutHeight}; oh++)"))
        using (w.Block($"for (int ow = 0; ow < {g.OutWidth}; ow++)"))
        {
            w.Line($"ref float o = ref {Unsafe}.Add(ref ar, {GemmEmitter.Term($"((s * {g.OutHeight} + oh) * {g.OutWidth} + ow)", filters)});");
            w.Line($"int ih0 = {Minus(GemmEmitter.Term("oh", g.StrideHeight), g.PadTop)};");
            w.Line($"int iw0 = {Minus(GemmEmitter.Term("ow", g.StrideWidth), g.PadLeft)};");
            ColumnGroups.Emit(w, conv.DirectColumns.At(width), group =>
            {
                VectorLane lane = group.Lane;
                for (int v = 0; v < group.Count; v++)
                    w.Line($"{lane.Type} c{v} = {(conv.UseBias ? lane.Load("br", group.Column(v)) : lane.Zero)};");
                // kh, kw for the window: j is the column-block variable of ColumnGroups (wide layers loop over blocks).
                using (w.Block($"for (int kh = 0; kh < {g.WindowHeight}; kh++)"))
                {
                    w.Line("int ih = ih0 + kh;");
                    w.Line($"if ((uint)ih >= {g.Height}u) continue;");
                    using (w.Block($"for (int kw = 0; kw < {g.WindowWidth}; kw++)"))
                    {
                        w.Line("int iw = iw0 + kw;");
                        w.Line($"if ((uint)iw >= {g.Width}u) continue;");
                        w.Line($"ref float xc = ref {Unsafe}.Add(ref xr, {GemmEmitter.Sum($"s * {g.InputSize}", (channels == 1 ? $"ih * {g.Width} + iw" : $"(ih * {g.Width} + iw) * {channels}"))});");
                        w.Line($"ref float wk = ref {Unsafe}.Add(ref wr, {(channels * filters == 1 ? $"kh * {g.WindowWidth} + kw" : $"(kh * {g.WindowWidth} + kw) * {channels * filters}")});");
                        for (int c = 0; c < channels; c++)
                        {
                            w.Line($"{lane.Type} channel{c} = {lane.Broadcast(c == 0 ? "xc" : $"{Unsafe}.Add(ref xc, {c})")};");
                            for (int v = 0; v < group.Count; v++)
                                w.Line($"c{v} = {lane.FusedMultiplyAdd("channel" + c, lane.Load("wk", GemmEmitter.Sum(GemmEmitter.Term(c.ToString(), filters), group.Column(v))), "c" + v)};");
                        }
                    }
                }
                for (int v = 0; v < group.Count; v++)
                    w.Line(lane.Store(conv.Epilogue == ActivationEpilogue.FusedRelu ? lane.Relu("c" + v) : "c" + v, "o", group.Column(v)));
            });
        }
    }

    /// <summary><c>oh * 2 - 1</c>, with a zero padding left out.</summary>
    private static string Minus(string value, int subtrahend) => subtrahend == 0 ? value : $"{value} - {subtrahend}";
}
