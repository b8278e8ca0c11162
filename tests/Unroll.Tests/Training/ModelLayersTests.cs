using Unroll.Tests.Networks;

namespace Unroll.Tests.Training;

/// <summary><see cref="Model.Layers"/>: the layers as the generator describes them, agreeing with the summary.</summary>
public class ModelLayersTests
{
    [Fact]
    public void Pima_lists_its_two_dense_layers_as_keras_does()
    {
        IReadOnlyList<LayerInfo> layers = new PimaNet(seed: 1).Layers;

        Assert.Equal(["dense", "dense_1"], layers.Select(l => l.Name));
        Assert.Equal(["Dense", "Dense"], layers.Select(l => l.Type));
        Assert.Equal([8], layers[0].InputShape);
        Assert.Equal([12], layers[0].OutputShape);
        Assert.Equal([12], layers[1].InputShape);
        Assert.Equal([1], layers[1].OutputShape);
        Assert.Equal([108, 13], layers.Select(l => l.ParameterCount));
        Assert.Equal("dense_1 (Dense) (None, 12) -> (None, 1), 13 params", layers[1].ToString());
    }

    [Fact]
    public void Long_names_that_widen_the_summary_columns_are_read_whole()
    {
        var net = new SequenceRecipeNet(seed: 1);

        IReadOnlyList<LayerInfo> layers = net.Layers;

        LayerInfo pooling = layers.Single(l => l.Type == "GlobalAveragePooling1D");
        Assert.Equal("global_average_pooling1d (GlobalAveragePooling1D) (None, 16, 128) -> (None, 128), 0 params", pooling.ToString());
        Assert.Equal([16, 128], pooling.InputShape); // 64 → conv 62 → conv 60 → pool 20 → conv 18 → conv 16
        Assert.Equal(net.ParameterCount, layers.Sum(l => l.ParameterCount));
        Assert.Equal(net.OutputShape, layers[^1].OutputShape);
    }

    [Fact]
    public void Each_layer_reads_what_the_one_before_wrote_and_the_first_reads_the_input()
    {
        Model[] nets = [new ConvSameStride2AsymNet(seed: 1), new LstmStackedNet(seed: 1), new EmbeddingLstmNet(seed: 1)];
        foreach (Model net in nets)
        {
            IReadOnlyList<LayerInfo> layers = net.Layers;
            Assert.Equal(net.InputSize, layers[0].InputShape.Aggregate(1, (a, b) => a * b));
            for (int i = 1; i < layers.Count; i++) Assert.Equal(layers[i - 1].OutputShape, layers[i].InputShape);
            Assert.Equal(net.OutputShape, layers[^1].OutputShape);
            Assert.Equal(net.ParameterCount, layers.Sum(l => l.ParameterCount));
        }
        Assert.Equal([8, 7, 2], nets[0].Layers[0].InputShape);
        Assert.Equal(["conv2d", "average_pooling2d", "flatten", "dense"], nets[0].Layers.Select(l => l.Name));
        Assert.Equal(["LSTM", "LSTM", "LSTM", "Dense"], nets[1].Layers.Select(l => l.Type));
    }

    [Fact]
    public void A_shape_prints_with_the_batch_axis_as_keras_does()
    {
        Assert.Equal("(None, 10, 5)", LayerInfo.FormatShape([10, 5]));
        Assert.Equal("(None)", LayerInfo.FormatShape([]));
    }

    [Fact]
    public void Every_layer_is_a_row_of_the_summary_with_its_shape_and_parameters()
    {
        Model[] nets = [new PimaNet(seed: 1), new SequenceRecipeNet(seed: 1), new ConvSameStride2AsymNet(seed: 1), new EmbeddingLstmNet(seed: 1)];
        foreach (Model net in nets)
        {
            string[] rows = net.Summary().Split('\n');
            foreach (LayerInfo layer in net.Layers)
                Assert.Single(rows, row => row.StartsWith($" {layer.Name} ({layer.Type})", StringComparison.Ordinal)
                    && row.Contains(LayerInfo.FormatShape(layer.OutputShape), StringComparison.Ordinal)
                    && row.TrimEnd().EndsWith(" " + layer.ParameterCount, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_layer_copies_its_shapes_and_refuses_empty_names()
    {
        int[] input = [8], output = [12];
        var layer = new LayerInfo("dense", "Dense", input, output, 108);
        input[0] = 9;
        output[0] = 13;
        Assert.Equal([8], layer.InputShape);
        Assert.Equal([12], layer.OutputShape);
        Assert.Throws<ArgumentException>(() => new LayerInfo("", "Dense", input, output, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LayerInfo("dense", "Dense", input, output, -1));
    }
}
