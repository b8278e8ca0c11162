using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Unroll.Generator.Shapes;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Emitting;

/// <summary>
/// The Keras <c>model.summary()</c> table, and the one-line description of a layer shared by the
/// summary and the region headers so they cannot drift apart.
/// </summary>
internal static class SummaryTable
{
    public static string Build(ShapedNetwork network)
    {
        // Keras's column widths, widened when a name or shape would touch the next column.
        int nameWidth = 29, shapeWidth = 26;
        foreach (ShapedLayer layer in network.Layers)
        {
            nameWidth = System.Math.Max(nameWidth, layer.Name.Length + layer.Spec.KerasType.Length + 5);
            shapeWidth = System.Math.Max(shapeWidth, layer.Output.ToString().Length + 2);
        }
        int width = nameWidth + shapeWidth + 10;
        string rule = new('_', width), doubleRule = new('=', width);
        string Row(string name, string shape, string parameters)
            => (" " + name).PadRight(nameWidth) + shape.PadRight(shapeWidth) + parameters;

        var lines = new List<string>
        {
            $"Model: \"{network.Spec.ClassName}\"",
            rule,
            Row("Layer (type)", "Output Shape", "Param #"),
            doubleRule,
        };
        foreach (ShapedLayer layer in network.Layers)
            lines.Add(Row($"{layer.Name} ({layer.Spec.KerasType})", layer.Output.ToString(), layer.ParameterCount.ToString(CultureInfo.InvariantCulture)));
        lines.Add(doubleRule);
        lines.Add($"Total params: {network.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)}");
        lines.Add($"Trainable params: {network.TrainableParameterCount.ToString("N0", CultureInfo.InvariantCulture)}");
        lines.Add($"Non-trainable params: {network.NonTrainableParameterCount.ToString("N0", CultureInfo.InvariantCulture)}");
        lines.Add(rule);
        return string.Join("\n", lines);
    }

    /// <summary><c>Dense 8 -> 12, relu</c>.</summary>
    public static string Describe(ShapedLayer layer) => layer.Spec switch
    {
        DenseSpec dense => $"Dense {layer.Input.Last} -> {dense.Units}, {KerasNames.Of(dense.Activation)}" + (dense.UseBias ? "" : ", no bias") + (dense.L2 > 0 ? ", L2 " + dense.L2.ToString("R", CultureInfo.InvariantCulture) : ""),
        ActivationSpec activation => $"Activation {KerasNames.Of(activation.Function)} over {layer.Input}",
        ConvSpec conv => $"{conv.KerasType} {conv.Filters} filters {(conv.Rank == 1 ? conv.KernelWidth.ToString(CultureInfo.InvariantCulture) : $"{conv.KernelHeight}x{conv.KernelWidth}")}, strides {(conv.Rank == 1 ? conv.StrideWidth.ToString(CultureInfo.InvariantCulture) : $"{conv.StrideHeight}x{conv.StrideWidth}")}, {conv.Padding.ToString().ToLowerInvariant()}{(conv.DataFormat == DataFormatKind.ChannelsFirst ? ", channels first" : "")}, {KerasNames.Of(conv.Activation)}, {layer.Input} -> {layer.Output}" + (conv.UseBias ? "" : ", no bias"),
        PoolSpec pool when pool.Global => $"{pool.KerasType} {layer.Input} -> {layer.Output}",
        PoolSpec pool => $"{pool.KerasType} {(pool.Rank == 1 ? pool.PoolWidth.ToString(CultureInfo.InvariantCulture) : $"{pool.PoolHeight}x{pool.PoolWidth}")}, strides {(pool.Rank == 1 ? pool.StrideWidth.ToString(CultureInfo.InvariantCulture) : $"{pool.StrideHeight}x{pool.StrideWidth}")}, {pool.Padding.ToString().ToLowerInvariant()}, {layer.Input} -> {layer.Output}",
        FlattenSpec => $"Flatten {layer.Input} -> {layer.Output}",
        LstmSpec lstm => $"LSTM {lstm.Units} units{(lstm.ReturnSequences ? ", all steps" : ", last step")}, {layer.Input} -> {layer.Output}",
        EmbeddingSpec embedding => $"Embedding {embedding.InputDim} ids -> {embedding.OutputDim} values, {layer.Input} -> {layer.Output}",
        DropoutSpec dropout => $"Dropout rate {dropout.Rate.ToString("R", CultureInfo.InvariantCulture)}",
        _ => layer.Spec.KerasType,
    };
}
