using Unroll.Tests.Networks;

namespace Unroll.Tests.Training;

/// <summary>The Keras convolutional recipes build with Keras's shapes and parameter counts, and learn.</summary>
public class ConvTrainingTests
{
    [Fact]
    public void The_sequence_recipe_has_keras_shapes_and_learns_a_simple_rule()
    {
        var net = new SequenceRecipeNet(seed: 1);
        // conv1d 3·16·64+64, conv1d_1 3·64·64+64, conv1d_2 3·64·128+128, conv1d_3 3·128·128+128, dense 128+1.
        Assert.Equal(3136 + 12352 + 24704 + 49280 + 129, net.ParameterCount);
        string summary = net.Summary();
        string[] lines = summary.Split('\n');
        Assert.Matches(@"^ max_pooling1d \(MaxPooling1D\) +\(None, 20, 64\) +0$", lines.Single(l => l.Contains("max_pooling1d")));
        Assert.Matches(@"^ global_average_pooling1d \(GlobalAveragePooling1D\) +\(None, 128\) +0$", lines.Single(l => l.Contains("global_average")));

        // Label: whether the first channel's mean is positive. A few epochs must beat chance clearly.
        var random = new SeededRandom(2);
        const int samples = 256;
        var x = new float[samples * net.InputSize];
        var y = new float[samples];
        for (int s = 0; s < samples; s++)
        {
            float shift = (float)(random.NextDouble() - 0.5);
            for (int i = 0; i < 64 * 16; i++)
                x[s * net.InputSize + i] = (float)(random.NextGaussian() * 0.5) + (i % 16 == 0 ? 3 * shift : 0);
            y[s] = shift > 0 ? 1 : 0;
        }
        net.Compile(new Adam(learningRate: 0.003f), Loss.BinaryCrossEntropy, Metric.Accuracy);
        net.Fit(x, y, epochs: 8, batchSize: 32, verbose: 0, seed: 3);
        Assert.True(net.Evaluate(x, y)["accuracy"] >= 0.9f, $"accuracy {net.Evaluate(x, y)["accuracy"]}");
    }
}
