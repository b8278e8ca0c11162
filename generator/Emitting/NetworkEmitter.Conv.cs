using System;
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
            w.Comment($"({conv.DirectColumns.Describe()}), a few adjacent positions at a time so that each weight load serves them all.");
            w.Comment($"Backward reads the image in place too: dW accumulates (kernel rows × filters) in registers over the B·{positions} positions.");
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
        PackedProduct? packed = PackedPanels.Of(layer);
        using (w.Block($"private static void {prefix}Forward(global::System.ReadOnlySpan<float> x, global::System.ReadOnlySpan<float> w, global::System.ReadOnlySpan<float> b, global::System.Span<float> col, global::System.Span<float> a{tParameter}, int batch{PackedPanelsParameter(packed)})"))
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
                    GemmEmitter.Emit(w, conv.Forward, new ProductOperands("colr", "wr", target + "r", conv.UseBias ? "br" : null), width, prepacked: PackedPanelsArgument(packed));
                },
                () =>
                {
                    if (direct) w.Line($"global::Unroll.Kernels.ImageKernels.Im2Col(x, col, batch, {conv.GeometryField});");
                    GemmEmitter.EmitScalar(w, conv.Forward, new ProductOperands("col", "w", target, conv.UseBias ? "b" : null));
                },
                direct ? DirectConvolution.WidthsFor(filters) : conv.ProductForwardWidths);
            if (first) w.Line($"global::Unroll.Kernels.ImageKernels.Transpose(t, a, batch, rows: {positions}, columns: {filters});");
            if (conv.Epilogue == ActivationEpilogue.SharedKernel)
                w.Line($"global::Unroll.Kernels.ActivationKernels.Forward(global::Unroll.Activation.{KerasNames.Member(conv.Activation)}, a.Slice(0, {GemmEmitter.Term("batch", layer.Layer.Output.Size)}), {layer.Layer.Output.Last});");
        }
        EmitPanelPacking(w, packed);
        w.Line();

        string weightGradient = direct ? "dW directly from the image (no patches)" : "dW = patchesᵀ · g";
        w.Comment($"Backward, from g = dLoss/dz: {weightGradient}{(conv.UseBias ? " and db = Σ g" : "")} over the B·{positions} rows;" + (conv.InputGradient is not null ? " dpatches = g · Wᵀ (into the patch buffer), then col2im adds them back to dx." : " no dx: the input is the data."));
        string dxParameters = conv.InputGradient is not null ? ", global::System.Span<float> dx, global::System.ReadOnlySpan<float> wt" : "";
        using (w.Block($"private static void {prefix}Backward({(direct ? "global::System.ReadOnlySpan<float> x, " : "")}global::System.ReadOnlySpan<float> g, global::System.Span<float> col, global::System.Span<float> dw, global::System.Span<float> db{dxParameters}{tParameter}, int batch)"))
        {
            string gradient = "g";
            if (first)
            {
                w.Line($"global::Unroll.Kernels.ImageKernels.Transpose(g, t, batch, rows: {filters}, columns: {positions}); // back to (positions, filters)");
                gradient = "t";
            }
            Extent rows = conv.Forward.M;
            if (direct)
            {
                EmitPaths(w, conv.Vectorized, TooNarrow(filters),
                    width => EmitDirectWeightGradient(w, conv, width, gradient),
                    () =>
                    {
                        w.Line($"global::Unroll.Kernels.ImageKernels.Im2Col(x, col, batch, {conv.GeometryField}); // the direct forward pass built no patches");
                        GemmEmitter.EmitScalar(w, conv.WeightGradient, new ProductOperands("col", gradient, "dw", null));
                        if (conv.UseBias) GemmEmitter.EmitScalarColumnSums(w, rows, filters, gradient, "db");
                    },
                    DirectConvolution.WidthsFor(filters));
            }
            if (!direct || conv.InputGradient is not null)
            {
                EmitPaths(w, conv.Vectorized, TooNarrow(filters),
                    width =>
                    {
                        EmitReference(w, "col");
                        w.Line($"ref float gr = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({gradient});");
                        if (!direct)
                        {
                            EmitReference(w, "dw");
                            w.Comment($"dW ({patch}, {filters}) = patchesᵀ · g, reduced over the B·{positions} rows");
                            using (w.Block(""))
                                GemmEmitter.Emit(w, conv.WeightGradient, new ProductOperands("colr", "gr", "dwr", null), width);
                            if (conv.UseBias) EmitColumnSums(w, conv.BiasColumns, width, rows, "gr", "db");
                        }
                        if (conv.InputGradient is not { } dpatches) return;
                        w.Comment($"dpatches (B·{positions}, {patch}) = g · Wᵀ");
                        EmitReference(w, "wt");
                        using (w.Block(""))
                            GemmEmitter.Emit(w, dpatches, new ProductOperands("gr", "wtr", "colr", null), width);
                    },
                    () =>
                    {
                        if (!direct)
                        {
                            GemmEmitter.EmitScalar(w, conv.WeightGradient, new ProductOperands("col", gradient, "dw", null));
                            if (conv.UseBias) GemmEmitter.EmitScalarColumnSums(w, rows, filters, gradient, "db");
                        }
                        if (conv.InputGradient is { } dpatches) GemmEmitter.EmitScalar(w, dpatches, new ProductOperands(gradient, "wt", "col", null));
                    },
                    conv.ProductBackwardWidths);
            }
            if (conv.InputGradient is not null)
                w.Line($"global::Unroll.Kernels.ImageKernels.Col2Im(col, dx, batch, {conv.GeometryField});");
        }
        if (layer.Transpose is { } transpose) EmitTranspose(w, transpose);
    }

    /// <summary>
    /// The forward pass without patches: per output row and column group, blocks of adjacent output
    /// positions whose windows lie inside the image keep positions × filter vectors accumulators, each
    /// weight load shared by the block's positions; positions near a padded edge (and a row's last few)
    /// run one at a time with bounds checks.
    /// </summary>
    private static void EmitDirectConvolution(SourceWriter w, ConvPlan conv, VectorWidth width)
    {
        ImageGeometry g = conv.Geometry;
        int filters = conv.Filters;
        EmitReference(w, "x");
        EmitReference(w, "w");
        if (conv.UseBias) EmitReference(w, "b");
        EmitReference(w, "a");
        using (w.Block("for (int s = 0; s < batch; s++)"))
        using (w.Block($"for (int oh = 0; oh < {g.OutHeight}; oh++)"))
        {
            w.Line($"int ih0 = {Minus(GemmEmitter.Term("oh", g.StrideHeight), g.PadTop)};");
            w.Line($"ref float orow = ref {UnsafeType}.Add(ref ar, {GemmEmitter.Term($"(s * {g.OutHeight} + oh)", g.OutWidth * filters)});");
            string? rowInside = RowInside(g);
            ColumnGroups.Emit(w, conv.DirectColumns.At(width), group =>
            {
                int positions = group.Lane.IsScalar ? 1 : DirectConvolution.Positions(width, group.Count);
                using (w.Block($"for (int ow = 0; ow < {g.OutWidth};)"))
                {
                    w.Line($"int iw0 = {Minus(GemmEmitter.Term("ow", g.StrideWidth), g.PadLeft)};");
                    if (positions > 1)
                    {
                        using (w.Block($"if ({BlockInside(g, positions, rowInside)})"))
                        {
                            EmitDirectBlock(w, conv, group, positions);
                            w.Line($"ow += {positions};");
                            w.Line("continue;");
                        }
                    }
                    EmitDirectPosition(w, conv, group);
                    w.Line("ow++;");
                }
            });
        }
    }

    /// <summary>Whether the window of output row <c>oh</c> lies inside the image, or null when every row's does.</summary>
    private static string? RowInside(ImageGeometry g)
    {
        bool top = g.PadTop > 0, bottom = (g.OutHeight - 1) * g.StrideHeight - g.PadTop + g.WindowHeight > g.Height;
        if (!top && !bottom) return null;
        return $"(uint)ih0 <= {g.Height - g.WindowHeight}u";
    }

    /// <summary>Whether the window of output position (<c>oh</c>, <c>ow</c>) lies inside the image.</summary>
    private static string PositionInside(ImageGeometry g, string? rowInside)
    {
        var terms = new System.Collections.Generic.List<string>();
        if (rowInside is not null) terms.Add(rowInside);
        if (g.PadLeft > 0) terms.Add("iw0 >= 0");
        if ((g.OutWidth - 1) * g.StrideWidth - g.PadLeft + g.WindowWidth > g.Width) terms.Add($"iw0 <= {g.Width - g.WindowWidth}");
        return terms.Count == 0 ? "true" : string.Join(" && ", terms);
    }

    /// <summary>The condition for <paramref name="positions"/> output positions from <c>ow</c> with their windows inside the image.</summary>
    private static string BlockInside(ImageGeometry g, int positions, string? rowInside)
    {
        var terms = new System.Collections.Generic.List<string>();
        if (rowInside is not null) terms.Add(rowInside);
        terms.Add($"ow <= {g.OutWidth - positions}");
        if (g.PadLeft > 0) terms.Add("iw0 >= 0");
        if ((g.OutWidth - 1) * g.StrideWidth - g.PadLeft + g.WindowWidth > g.Width)
            terms.Add($"iw0 <= {g.Width - g.WindowWidth - (positions - 1) * g.StrideWidth}");
        return string.Join(" && ", terms);
    }

    /// <summary>
    /// <paramref name="positions"/> adjacent output positions × the group's filter vectors: per kernel
    /// tap and channel the group's weights are loaded once and each position's input broadcast against them.
    /// </summary>
    private static void EmitDirectBlock(SourceWriter w, ConvPlan conv, ColumnGroup group, int positions)
    {
        ImageGeometry g = conv.Geometry;
        int filters = conv.Filters, channels = g.Channels;
        VectorLane lane = group.Lane;
        w.Comment($"{positions} positions × {group.Count} × {lane.Name}: the window is inside the image");
        for (int p = 0; p < positions; p++)
            for (int v = 0; v < group.Count; v++)
                w.Line($"{lane.Type} c{p}_{v} = {(conv.UseBias ? lane.Load("br", group.Column(v)) : lane.Zero)};");
        w.Line($"ref float xw = ref {UnsafeType}.Add(ref xr, {GemmEmitter.Sum($"s * {g.InputSize}", GemmEmitter.Term($"(ih0 * {g.Width} + iw0)", channels))});");
        using (w.Block($"for (int kh = 0; kh < {g.WindowHeight}; kh++)"))
        {
            w.Line($"ref float xk = ref {UnsafeType}.Add(ref xw, {GemmEmitter.Term("kh", g.Width * channels)});");
            w.Line($"ref float wk = ref {UnsafeType}.Add(ref wr, {GemmEmitter.Term("kh", g.WindowWidth * channels * filters)});");
            using (w.Block($"for (int kw = 0; kw < {g.WindowWidth}; kw++)"))
            {
                w.Line($"ref float xc = ref {UnsafeType}.Add(ref xk, {GemmEmitter.Term("kw", channels)});");
                w.Line($"ref float wc = ref {UnsafeType}.Add(ref wk, {GemmEmitter.Term("kw", channels * filters)});");
                bool channelLoop = channels > DirectConvolution.UnrolledChannels;
                using (channelLoop ? w.Block($"for (int c = 0; c < {channels}; c++)") : null)
                {
                    for (int c = 0; c < (channelLoop ? 1 : channels); c++)
                    {
                        string channel = channelLoop ? "c" : c.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        using var scope = channels > 1 && !channelLoop ? w.Block("") : null; // each channel's weights and inputs in their own scope
                        for (int v = 0; v < group.Count; v++)
                            w.Line($"{lane.Type} w{v} = {lane.Load("wc", GemmEmitter.Sum(GemmEmitter.Term(channel, filters), group.Column(v)))};");
                        for (int p = 0; p < positions; p++)
                        {
                            string input = GemmEmitter.Sum(GemmEmitter.Term(p.ToString(System.Globalization.CultureInfo.InvariantCulture), g.StrideWidth * channels), channel);
                            w.Line($"{lane.Type} x{p} = {lane.Broadcast(input == "0" ? "xc" : $"{UnsafeType}.Add(ref xc, {input})")};");
                            for (int v = 0; v < group.Count; v++)
                                w.Line($"c{p}_{v} = {lane.FusedMultiplyAdd("x" + p, "w" + v, $"c{p}_{v}")};");
                        }
                    }
                }
            }
        }
        for (int p = 0; p < positions; p++)
            for (int v = 0; v < group.Count; v++)
                w.Line(lane.Store(conv.Epilogue == ActivationEpilogue.FusedRelu ? lane.Relu($"c{p}_{v}") : $"c{p}_{v}", "orow", GemmEmitter.Sum(GemmEmitter.Term(p == 0 ? "ow" : $"(ow + {p})", filters), group.Column(v))));
    }

    /// <summary>One output position of the group's filters, skipping the window's taps outside the image (padding).</summary>
    private static void EmitDirectPosition(SourceWriter w, ConvPlan conv, ColumnGroup group)
    {
        ImageGeometry g = conv.Geometry;
        int filters = conv.Filters, channels = g.Channels;
        VectorLane lane = group.Lane;
        w.Line($"ref float o = ref {UnsafeType}.Add(ref orow, {GemmEmitter.Term("ow", filters)});");
        for (int v = 0; v < group.Count; v++)
            w.Line($"{lane.Type} c{v} = {(conv.UseBias ? lane.Load("br", group.Column(v)) : lane.Zero)};");
        using (w.Block($"for (int kh = 0; kh < {g.WindowHeight}; kh++)"))
        {
            w.Line("int ih = ih0 + kh;");
            w.Line($"if ((uint)ih >= {g.Height}u) continue;");
            using (w.Block($"for (int kw = 0; kw < {g.WindowWidth}; kw++)"))
            {
                w.Line("int iw = iw0 + kw;");
                w.Line($"if ((uint)iw >= {g.Width}u) continue;");
                w.Line($"ref float xc = ref {UnsafeType}.Add(ref xr, {GemmEmitter.Sum($"s * {g.InputSize}", (channels == 1 ? $"ih * {g.Width} + iw" : $"(ih * {g.Width} + iw) * {channels}"))});");
                w.Line($"ref float wk = ref {UnsafeType}.Add(ref wr, {(channels * filters == 1 ? $"kh * {g.WindowWidth} + kw" : $"(kh * {g.WindowWidth} + kw) * {channels * filters}")});");
                bool channelLoop = channels > DirectConvolution.UnrolledChannels;
                using (channelLoop ? w.Block($"for (int c = 0; c < {channels}; c++)") : null)
                {
                    for (int c = 0; c < (channelLoop ? 1 : channels); c++)
                    {
                        string channel = channelLoop ? "c" : c.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        w.Line($"{lane.Type} channel{c} = {lane.Broadcast(channel == "0" ? "xc" : $"{UnsafeType}.Add(ref xc, {channel})")};");
                        for (int v = 0; v < group.Count; v++)
                            w.Line($"c{v} = {lane.FusedMultiplyAdd("channel" + c, lane.Load("wk", GemmEmitter.Sum(GemmEmitter.Term(channel, filters), group.Column(v))), "c" + v)};");
                    }
                }
            }
        }
        for (int v = 0; v < group.Count; v++)
            w.Line(lane.Store(conv.Epilogue == ActivationEpilogue.FusedRelu ? lane.Relu("c" + v) : "c" + v, "o", group.Column(v)));
    }

    /// <summary>
    /// dW = patchesᵀ · g without patches: for each group of filter vectors and each group of kernel rows
    /// (tap, channel), one pass over every output position keeps rows × vectors accumulators, broadcasting
    /// the image value under each row against the position's gradient; the bias sums ride along in the
    /// first pass. Positions whose window crosses a padded edge read zero for the taps outside.
    /// </summary>
    private static void EmitDirectWeightGradient(SourceWriter w, ConvPlan conv, VectorWidth width, string gradient)
    {
        ImageGeometry g = conv.Geometry;
        int filters = conv.Filters, channels = g.Channels, patchRows = conv.Patch;
        ColumnTiling columns = conv.DirectColumns.At(width);
        int filterVectors = columns.HalfVectorStart / columns.LaneFloats;
        var (vectors, rows) = DirectConvolution.WeightGradientBlocking(width, filterVectors, patchRows, conv.UseBias);
        ColumnTiling tiling = Tiling.Columns(filters, vectors, width);
        string? rowInside = RowInside(g);
        bool edges = rowInside is not null || g.PadLeft > 0 || (g.OutWidth - 1) * g.StrideWidth - g.PadLeft + g.WindowWidth > g.Width;
        EmitReference(w, "x");
        w.Line($"ref float gr = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({gradient});");
        EmitReference(w, "dw");
        if (conv.UseBias) EmitReference(w, "db");
        w.Comment($"dW ({patchRows}, {filters}): passes of {rows} kernel row(s) × {vectors} filter vector(s) over the B·{g.Positions} positions");
        ColumnGroups.Emit(w, tiling, group =>
        {
            VectorLane lane = group.Lane;
            for (int r0 = 0; r0 < patchRows; r0 += rows)
            {
                int count = Math.Min(rows, patchRows - r0);
                bool bias = conv.UseBias && r0 == 0;
                w.Comment($"kernel rows [{r0}, {r0 + count})" + (bias ? " and the bias" : ""));
                using (w.Block(""))
                {
                    for (int t = 0; t < count; t++)
                        for (int v = 0; v < group.Count; v++)
                            w.Line($"{lane.Type} d{t}_{v} = {lane.Zero};");
                    if (bias)
                        for (int v = 0; v < group.Count; v++)
                            w.Line($"{lane.Type} s{v} = {lane.Zero};");
                    w.Line("ref float gp = ref gr;");
                    using (w.Block("for (int s = 0; s < batch; s++)"))
                    using (w.Block($"for (int oh = 0; oh < {g.OutHeight}; oh++)"))
                    {
                        w.Line($"int ih0 = {Minus(GemmEmitter.Term("oh", g.StrideHeight), g.PadTop)};");
                        using (w.Block($"for (int ow = 0; ow < {g.OutWidth}; ow++)"))
                        {
                            w.Line($"int iw0 = {Minus(GemmEmitter.Term("ow", g.StrideWidth), g.PadLeft)};");
                            for (int v = 0; v < group.Count; v++)
                                w.Line($"{lane.Type} g{v} = {lane.Load("gp", group.Column(v))};");
                            if (bias)
                                for (int v = 0; v < group.Count; v++)
                                    w.Line($"s{v} += g{v};");
                            if (edges)
                            {
                                using (w.Block($"if ({PositionInside(g, rowInside)})"))
                                    EmitWeightGradientRows(w, g, group, r0, count, inside: true);
                                using (w.Block("else"))
                                    EmitWeightGradientRows(w, g, group, r0, count, inside: false);
                            }
                            else
                            {
                                EmitWeightGradientRows(w, g, group, r0, count, inside: true);
                            }
                            w.Line($"gp = ref {UnsafeType}.Add(ref gp, {filters});");
                        }
                    }
                    for (int t = 0; t < count; t++)
                        for (int v = 0; v < group.Count; v++)
                            w.Line(lane.Store($"d{t}_{v}", "dwr", GemmEmitter.Sum(((r0 + t) * filters).ToString(System.Globalization.CultureInfo.InvariantCulture), group.Column(v))));
                    if (bias)
                        for (int v = 0; v < group.Count; v++)
                            w.Line(lane.Store($"s{v}", "dbr", group.Column(v)));
                }
            }
        });
    }

    /// <summary>One position's contribution to kernel rows [r0, r0 + count): each row's image value broadcast against g.</summary>
    private static void EmitWeightGradientRows(SourceWriter w, ImageGeometry g, ColumnGroup group, int r0, int count, bool inside)
    {
        VectorLane lane = group.Lane;
        int channels = g.Channels;
        w.Line($"int xo = {GemmEmitter.Sum($"s * {g.InputSize}", GemmEmitter.Term($"(ih0 * {g.Width} + iw0)", channels))};");
        for (int t = 0; t < count; t++)
        {
            int r = r0 + t, c = r % channels, kw = r / channels % g.WindowWidth, kh = r / channels / g.WindowWidth;
            string offset = GemmEmitter.Sum("xo", ((kh * g.Width + kw) * channels + c).ToString(System.Globalization.CultureInfo.InvariantCulture));
            string value = $"{UnsafeType}.Add(ref xr, {offset})";
            if (!inside) value = $"((uint)(ih0 + {kh}) < {g.Height}u && (uint)(iw0 + {kw}) < {g.Width}u ? {value} : 0f)";
            w.Line($"{lane.Type} x{t} = {lane.Broadcast(value)};");
            for (int v = 0; v < group.Count; v++)
                w.Line($"d{t}_{v} = {lane.FusedMultiplyAdd("x" + t, "g" + v, $"d{t}_{v}")};");
        }
    }

    private const string UnsafeType = "global::System.Runtime.CompilerServices.Unsafe";

    /// <summary><c>oh * 2 - 1</c>, with a zero padding left out.</summary>
    private static string Minus(string value, int subtrahend) => subtrahend == 0 ? value : $"{value} - {subtrahend}";
}
