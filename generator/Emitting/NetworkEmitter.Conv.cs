using Unroll.Generator.Lowering;
using Unroll.Generator.Shapes;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Emitting;

internal static partial class NetworkEmitter
{
    private static string ConvForwardCall(LayerPlan layer, ConvSpec conv, string input, string output, string batch)
    {
        ParameterSlot kernel = layer.Kernel!;
        string bias = layer.Bias is { } b ? $"p.Slice({b.Offset}, {b.Tensor.Size})" : "default";
        string transposed = conv.DataFormat == DataFormatKind.ChannelsFirst ? $", {RowsOf(layer, "_t", batch)}" : "";
        return $"{layer.MethodPrefix}Forward({input}, p.Slice({kernel.Offset}, {kernel.Tensor.Size}), {bias}, {RowsOf(layer, "_col", batch)}, {output}{transposed}, {batch}); // {layer.Layer.Name}";
    }

    private static string ConvBackwardCall(LayerPlan layer, ConvSpec conv, string? inputGradient)
    {
        ParameterSlot kernel = layer.Kernel!;
        string bias = layer.Bias is { } b ? $"d.Slice({b.Offset}, {b.Tensor.Size})" : "default";
        string dx = inputGradient is null ? "" : $", {inputGradient}, {TransposeField(layer)}";
        string transposed = conv.DataFormat == DataFormatKind.ChannelsFirst ? $", {RowsOf(layer, "_t", "count")}" : "";
        string gradient = Rows(layer.GradientField, layer.Layer.Output.Size, "start", "count");
        return $"{layer.MethodPrefix}Backward({gradient}, {RowsOf(layer, "_col", "count")}, d.Slice({kernel.Offset}, {kernel.Tensor.Size}), {bias}{dx}{transposed}, count); // {layer.Layer.Name}";
    }

    /// <summary>
    /// Convolution as im2col + the matrix-product kernel: the patches (positions, kh·kw·C) times
    /// the Keras kernel read as (kh·kw·C, filters) give the channels-last output directly.
    /// </summary>
    private static void EmitConvKernels(SourceWriter w, LayerPlan layer, ConvSpec conv)
    {
        ImageGeometry g = LayerGeometry.Of(layer.Layer);
        int patch = g.WindowHeight * g.WindowWidth * g.Channels, positions = g.Positions, filters = conv.Filters;
        bool first = conv.DataFormat == DataFormatKind.ChannelsFirst;
        string rows = $"(batch * {positions})";
        string prefix = layer.MethodPrefix;
        w.Comment($"im2col: each of the {positions} output positions gets a row of {patch} = {g.WindowHeight}·{g.WindowWidth}·{g.Channels} inputs (padding {g.PadTop} top, {g.PadLeft} left),");
        w.Comment($"so the convolution is one product (B·{positions}, {patch}) · ({patch}, {filters}) with the generated kernel: direct loops would");
        w.Comment("re-read the input per filter and vectorise only over the few channels; the product runs near the FMA peak.");
        if (first) w.Comment($"Channels first: the product yields (positions, filters); one transpose per sample gives ({filters}, {g.OutHeight}, {g.OutWidth}).");
        w.Line($"private static readonly ImageShape {GeometryField(layer)} = {GeometryInitializer(g)};");
        w.Line();

        string tParameter = first ? ", Span<float> t" : "";
        using (w.Block($"private static void {prefix}Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> col, Span<float> a{tParameter}, int batch)"))
        {
            w.Line($"ImageKernels.Im2Col(x, col, batch, {GeometryField(layer)});");
            string target = first ? "t" : "a";
            EmitPaths(w, layer.Columns,
                () =>
                {
                    w.Line("ref float colr = ref MemoryMarshal.GetReference(col);");
                    w.Line("ref float wr = ref MemoryMarshal.GetReference(w);");
                    if (conv.UseBias) w.Line("ref float br = ref MemoryMarshal.GetReference(b);");
                    w.Line($"ref float {target}r = ref MemoryMarshal.GetReference({target});");
                    GemmEmitter.Emit(w, new GemmSpec("colr", "wr", target + "r", conv.UseBias ? "br" : null, filters, rows, patch.ToString(), patch.ToString(), "1", conv.Activation == ActivationKind.ReLU));
                },
                () =>
                {
                    using (w.Block($"for (int r = 0; r < {rows}; r++)"))
                    using (w.Block($"for (int j = 0; j < {filters}; j++)"))
                    {
                        w.Line($"float acc = {(conv.UseBias ? "b[j]" : "0f")};");
                        w.Line($"for (int k = 0; k < {patch}; k++) acc = MathF.FusedMultiplyAdd(col[r * {patch} + k], w[k * {filters} + j], acc);");
                        w.Line($"{target}[r * {filters} + j] = {(conv.Activation == ActivationKind.ReLU ? "MathF.Max(acc, 0f)" : "acc")};");
                    }
                });
            if (first) w.Line($"ImageKernels.Transpose(t, a, batch, {positions}, {filters});");
            if (conv.Activation is not (ActivationKind.Linear or ActivationKind.ReLU))
                w.Line($"ActivationKernels.Forward(global::Unroll.Activation.{KerasNames.Member(conv.Activation)}, a.Slice(0, batch * {layer.Layer.Output.Size}), {layer.Layer.Output.Last});");
        }
        w.Line();

        w.Comment($"Backward, from g = dLoss/dz: dW = patchesᵀ · g and db = Σ g over the B·{positions} rows;" + (layer.NeedsInputGradient ? " dpatches = g · Wᵀ (into the patch buffer, no longer needed), then col2im adds them back to dx." : " no dx: the input is the data."));
        string dxParameters = layer.NeedsInputGradient ? ", Span<float> dx, ReadOnlySpan<float> wt" : "";
        using (w.Block($"private static void {prefix}Backward(ReadOnlySpan<float> g, Span<float> col, Span<float> dw, Span<float> db{dxParameters}{tParameter}, int batch)"))
        {
            string gradient = "g";
            if (first)
            {
                w.Line($"ImageKernels.Transpose(g, t, batch, {filters}, {positions}); // back to (positions, filters)");
                gradient = "t";
            }
            EmitPaths(w, layer.Columns,
                () =>
                {
                    w.Line("ref float colr = ref MemoryMarshal.GetReference(col);");
                    w.Line($"ref float gr = ref MemoryMarshal.GetReference({gradient});");
                    w.Line("ref float dwr = ref MemoryMarshal.GetReference(dw);");
                    w.Comment($"dW ({patch}, {filters}) = patchesᵀ · g, reduced over the B·{positions} rows");
                    using (w.Block(""))
                        GemmEmitter.Emit(w, new GemmSpec("colr", "gr", "dwr", null, filters, patch.ToString(), rows, "1", patch.ToString(), Relu: false));
                    if (conv.UseBias) EmitColumnSums(w, layer.Columns, rows, "gr", "db");
                    if (layer.NeedsInputGradient)
                    {
                        w.Comment($"dpatches (B·{positions}, {patch}) = g · Wᵀ");
                        w.Line("ref float wtr = ref MemoryMarshal.GetReference(wt);");
                        using (w.Block(""))
                            GemmEmitter.Emit(w, new GemmSpec("gr", "wtr", "colr", null, patch, rows, filters.ToString(), filters.ToString(), "1", Relu: false));
                    }
                },
                () =>
                {
                    using (w.Block($"for (int k = 0; k < {patch}; k++)"))
                    using (w.Block($"for (int j = 0; j < {filters}; j++)"))
                    {
                        w.Line("float acc = 0f;");
                        w.Line($"for (int r = 0; r < {rows}; r++) acc = MathF.FusedMultiplyAdd(col[r * {patch} + k], {gradient}[r * {filters} + j], acc);");
                        w.Line($"dw[k * {filters} + j] = acc;");
                    }
                    if (conv.UseBias)
                    {
                        using (w.Block($"for (int j = 0; j < {filters}; j++)"))
                        {
                            w.Line("float acc = 0f;");
                            w.Line($"for (int r = 0; r < {rows}; r++) acc += {gradient}[r * {filters} + j];");
                            w.Line("db[j] = acc;");
                        }
                    }
                    if (layer.NeedsInputGradient)
                    {
                        using (w.Block($"for (int r = 0; r < {rows}; r++)"))
                        using (w.Block($"for (int k = 0; k < {patch}; k++)"))
                        {
                            w.Line("float acc = 0f;");
                            w.Line($"for (int j = 0; j < {filters}; j++) acc = MathF.FusedMultiplyAdd({gradient}[r * {filters} + j], wt[j * {patch} + k], acc);");
                            w.Line($"col[r * {patch} + k] = acc;");
                        }
                    }
                });
            if (layer.NeedsInputGradient)
                w.Line($"ImageKernels.Col2Im(col, dx, batch, {GeometryField(layer)});");
        }

        if (layer.NeedsInputGradient)
        {
            w.Line();
            using (w.Block($"private static void {prefix}Transpose(ReadOnlySpan<float> w, Span<float> wt)"))
            {
                w.Line($"ImageKernels.Transpose(w, wt, 1, {patch}, {filters}); // tiled, see ImageKernels");
            }
        }
    }
}
