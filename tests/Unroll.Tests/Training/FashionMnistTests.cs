using System.Diagnostics;
using Unroll;
using Xunit.Abstractions;

namespace Unroll.Tests.Training;

/// <summary>
/// The Keras MLP recipe on the real Fashion-MNIST (Debian package <c>dataset-fashion-mnist</c>,
/// which <c>.ci/run</c> installs). When the data is missing the test FAILS in CI (<c>CI=true</c>)
/// and, elsewhere, is reported as skipped.
/// </summary>
public class FashionMnistTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void One_epoch_of_the_keras_mlp_reaches_80_percent_test_accuracy()
    {
        var clock = Stopwatch.StartNew();
        ((Matrix X, float[] Y) Train, (Matrix X, float[] Y) Test) data;
        try
        {
            data = Datasets.FashionMnist.Load();
        }
        catch (FileNotFoundException e) when (!IsCi())
        {
            throw new SkipException($"Fashion-MNIST is not installed (in CI this fails): {e.Message}");
        }
        var ((xTrain, yTrain), (xTest, yTest)) = data;
        Assert.Equal((60000, 784), (xTrain.Rows, xTrain.Columns));
        Assert.Equal((10000, 784), (xTest.Rows, xTest.Columns));
        double loadSeconds = clock.Elapsed.TotalSeconds;

        var net = new FashionMlpNet(seed: 1);
        net.Compile(new Adam(), Loss.CategoricalCrossEntropy, Metric.Accuracy);
        clock.Restart();
        net.Fit(xTrain, OneHot.ToCategorical(yTrain, numClasses: 10), epochs: 1, batchSize: 32, verbose: 0, seed: 1);
        double fitSeconds = clock.Elapsed.TotalSeconds;
        Evaluation score = net.Evaluate(xTest, OneHot.ToCategorical(yTest, numClasses: 10));

        output.WriteLine($"load {loadSeconds:0.00} s, 1 epoch {fitSeconds:0.00} s, test {score}");
        Assert.True(score["accuracy"] >= 0.80f, $"Expected a test accuracy ≥ 80 % after 1 epoch, but found {score["accuracy"]:P2} ({score}).");
    }

    private static bool IsCi() => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}

[Sequential, Input(784), Dense(64, Activation = Activation.ReLU), Dense(64, Activation = Activation.ReLU), Dense(10, Activation = Activation.Softmax)]
public partial class FashionMlpNet;
