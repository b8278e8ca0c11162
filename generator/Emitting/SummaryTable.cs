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
    public static string Describe(ShapedLayer layer) => layer.Spec.Accept(new Description(layer));

    /// <summary>One line per kind, starting with its Keras class name.</summary>
    private sealed class Description(ShapedLayer shaped) : ILayerVisitor<string>
    {
        private string InOut => $"{shaped.Input} -> {shaped.Output}";

        public string Dense(DenseSpec dense)
            => $"{dense.KerasType} {shaped.Input.Last} -> {dense.Units}, {KerasNames.Of(dense.Activation)}" + (dense.UseBias ? "" : ", no bias") + (dense.L2 > 0 ? ", L2 " + dense.L2.ToString("R", CultureInfo.InvariantCulture) : "");

        public string Activation(ActivationSpec activation) => $"{activation.KerasType} {KerasNames.Of(activation.Function)} over {shaped.Input}";

        public string Conv(ConvSpec conv)
            => $"{conv.KerasType} {conv.Filters} filters {Window(conv.Rank, conv.KernelHeight, conv.KernelWidth)}, strides {Window(conv.Rank, conv.StrideHeight, conv.StrideWidth)}, {conv.Padding.ToString().ToLowerInvariant()}{(conv.DataFormat == DataFormatKind.ChannelsFirst ? ", channels first" : "")}, {KerasNames.Of(conv.Activation)}, {InOut}" + (conv.UseBias ? "" : ", no bias");

        public string Pool(PoolSpec pool)
            => pool.Global ? $"{pool.KerasType} {InOut}"
               : $"{pool.KerasType} {Window(pool.Rank, pool.PoolHeight, pool.PoolWidth)}, strides {Window(pool.Rank, pool.StrideHeight, pool.StrideWidth)}, {pool.Padding.ToString().ToLowerInvariant()}, {InOut}";

        public string Flatten(FlattenSpec flatten) => $"{flatten.KerasType} {InOut}";

        public string Lstm(LstmSpec lstm) => $"{lstm.KerasType} {lstm.Units} units{(lstm.ReturnSequences ? ", all steps" : ", last step")}, {InOut}";

        public string Embedding(EmbeddingSpec embedding) => $"{embedding.KerasType} {embedding.InputDim} ids -> {embedding.OutputDim} values, {InOut}";

        public string Dropout(DropoutSpec dropout) => $"{dropout.KerasType} rate {dropout.Rate.ToString("R", CultureInfo.InvariantCulture)}";

        // A 1-D window is its width; a 2-D one height x width.
        private static string Window(int rank, int height, int width)
            => rank == 1 ? width.ToString(CultureInfo.InvariantCulture) : $"{height}x{width}";
    }
}
