using Unroll.Keras.Tests.Networks;

namespace Unroll.Keras.Tests;

/// <summary>Each real Keras 3 file loads into the equivalent Unroll network and predicts as Keras did.</summary>
public class KerasReadTests
{
    [Fact]
    public void Keras3_1_archive_reproduces_the_prediction_Keras_recorded()
    {
        var net = new MnistConvnet();
        net.LoadKerasWeights(Fixture.Keras("keras3_1_mnist_convnet.keras"));
        AssertRecordedPrediction(net);
    }

    [Fact]
    public void Keras3_1_archive_loads_into_the_architecture_the_generator_read_from_its_config()
    {
        var net = new MnistConvnetFromConfig();
        KerasFile.LoadWeights(net, Fixture.Keras("keras3_1_mnist_convnet.keras"));
        AssertRecordedPrediction(net);
    }

    [Fact]
    public void Keras3_1_archive_loads_into_the_architecture_the_build_read_from_the_archive_itself()
    {
        var net = new MnistConvnetFromArchive();
        net.LoadKerasWeights(Fixture.Keras("keras3_1_mnist_convnet.keras"));
        AssertRecordedPrediction(net);
    }

    [Fact]
    public void Keras3_1_legacy_h5_loads_and_reads_both_samples()
    {
        // Another training run than the archive (SOURCES.md §2): no recorded output, but NumPy's argmax.
        var net = new MnistConvnet();
        net.LoadKerasWeights(Fixture.Keras("keras3_1_mnist_convnet_legacy.h5"));
        Assert.Equal([1], net.PredictClasses(MnistSamples.Pixels(1)));
        Assert.Equal([8], net.PredictClasses(MnistSamples.Pixels(8)));
    }

    [Fact]
    public void Keras3_11_archive_and_legacy_h5_give_identical_weights()
    {
        var native = new MnistCnn();
        native.LoadKerasWeights(Fixture.Keras("keras3_11_mnist_cnn.keras"));
        var legacy = new MnistCnn();
        legacy.LoadKerasWeights(Fixture.Keras("keras3_11_mnist_cnn_legacy.h5"));
        Assert.True(native.Weights.SequenceEqual(legacy.Weights));
        Assert.True(native.Weights.ContainsAnyExcept(0f));
        Assert.Equal([1], native.PredictClasses(MnistSamples.Pixels(1)));
        Assert.Equal([8], native.PredictClasses(MnistSamples.Pixels(8)));
    }

    [Fact]
    public void Keras3_11_archive_loads_into_the_architecture_the_generator_read_from_its_config()
    {
        var fromConfig = new MnistCnnFromConfig();
        fromConfig.LoadKerasWeights(Fixture.Keras("keras3_11_mnist_cnn.keras"));
        var declared = new MnistCnn();
        declared.LoadKerasWeights(Fixture.Keras("keras3_11_mnist_cnn.keras"));
        Assert.True(fromConfig.Weights.SequenceEqual(declared.Weights));
    }

    [Fact]
    public void Keras3_11_archive_loads_into_the_architecture_the_build_read_from_the_archive_itself()
    {
        var fromArchive = new MnistCnnFromArchive();
        fromArchive.LoadKerasWeights(Fixture.Keras("keras3_11_mnist_cnn.keras"));
        var declared = new MnistCnn();
        declared.LoadKerasWeights(Fixture.Keras("keras3_11_mnist_cnn.keras"));
        Assert.True(fromArchive.Weights.SequenceEqual(declared.Weights));
        Assert.Equal(declared.Predict(MnistSamples.Pixels(8)), fromArchive.Predict(MnistSamples.Pixels(8)));
    }

    [Fact]
    public void Keras3_1_legacy_h5_loads_into_the_architecture_the_build_read_from_the_h5_itself()
    {
        var fromH5 = new MnistConvnetFromLegacyH5();
        fromH5.LoadKerasWeights(Fixture.Keras("keras3_1_mnist_convnet_legacy.h5"));
        var declared = new MnistConvnet();
        declared.LoadKerasWeights(Fixture.Keras("keras3_1_mnist_convnet_legacy.h5"));
        Assert.True(fromH5.Weights.SequenceEqual(declared.Weights));
        Assert.Equal(declared.Predict(MnistSamples.Pixels(1)), fromH5.Predict(MnistSamples.Pixels(1)));
        Assert.Equal([1], fromH5.PredictClasses(MnistSamples.Pixels(1)));
        Assert.Equal([8], fromH5.PredictClasses(MnistSamples.Pixels(8)));
    }

    [Fact]
    public void Keras3_11_legacy_h5_built_from_itself_predicts_as_the_archive_built_from_its_config()
    {
        // The legacy file and the archive hold the same weights bit for bit (SOURCES.md §3 and §4).
        var fromH5 = new MnistCnnFromLegacyH5();
        fromH5.LoadKerasWeights(Fixture.Keras("keras3_11_mnist_cnn_legacy.h5"));
        var fromArchive = new MnistCnnFromArchive();
        fromArchive.LoadKerasWeights(Fixture.Keras("keras3_11_mnist_cnn.keras"));
        Assert.True(fromH5.Weights.SequenceEqual(fromArchive.Weights));
        Assert.Equal(fromArchive.Predict(MnistSamples.Pixels(8)), fromH5.Predict(MnistSamples.Pixels(8)));
        Assert.Equal([1], fromH5.PredictClasses(MnistSamples.Pixels(1)));
        Assert.Equal([8], fromH5.PredictClasses(MnistSamples.Pixels(8)));
    }

    [Fact]
    public void Keras3_weights_h5_loads_by_group_name()
    {
        var net = new MnistCnn3();
        net.LoadKerasWeights(Fixture.Keras("keras3_mnist_cnn3.weights.h5"));
        Assert.Equal([1], net.PredictClasses(MnistSamples.Pixels(1)));
        Assert.Equal([8], net.PredictClasses(MnistSamples.Pixels(8)));
    }

    [Theory]
    [InlineData("keras3_1_mnist_convnet.keras", ".keras archive (Keras 3.1.1)", "3.1.1")]
    [InlineData("keras3_11_mnist_cnn_legacy.h5", "legacy HDF5 model (Keras 3.11.3)", "3.11.3")]
    [InlineData("keras3_mnist_cnn3.weights.h5", "Keras 3 weights (layers/<name>/vars)", null)]
    [InlineData("keras2_1_lstm_model.h5", "legacy HDF5 model (Keras 2.1.3)", "2.1.3")]
    [InlineData("keras2_1_lstm_weights.h5", "legacy HDF5 weights (Keras 2.1.3)", "2.1.3")]
    public void The_format_and_version_are_told_by_the_file(string file, string format, string? version)
    {
        Assert.Equal(format, KerasFile.Describe(Fixture.Keras(file)));
        Assert.Equal(version, KerasFile.KerasVersion(Fixture.Keras(file)));
    }

    private static void AssertRecordedPrediction(Model net)
    {
        float[] recorded = MnistSamples.RecordedSoftmaxOfSample1();
        float[] predicted = net.Predict(MnistSamples.Pixels(1));
        Assert.Equal(recorded.Length, predicted.Length);
        for (int i = 0; i < recorded.Length; i++)
            Assert.True(Math.Abs(recorded[i] - predicted[i]) <= 1e-6f + 1e-4f * recorded[i], $"class {i}: Keras {recorded[i]}, Unroll {predicted[i]}");
    }
}
