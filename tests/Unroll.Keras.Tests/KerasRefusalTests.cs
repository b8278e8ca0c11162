using System.IO.Compression;
using System.Text;
using PureHDF;
using Unroll.Keras.Tests.Networks;

namespace Unroll.Keras.Tests;

/// <summary>A file that does not fit the network, or needs a layer Unroll lacks, is refused whole, with what was expected and found.</summary>
public sealed class KerasRefusalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("unroll-keras-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_native_file_of_another_architecture_names_the_shapes_and_changes_nothing()
    {
        var net = new MnistCnn();
        float[] before = net.Weights.ToArray();
        var e = Assert.Throws<WeightFileException>(() => net.LoadKerasWeights(Fixture.Keras("keras3_1_mnist_convnet.keras")));
        Assert.Contains("'dense/kernel' has shape (1600, 10) in the file but (1600, 128)", e.Message);
        Assert.True(net.Weights.SequenceEqual(before));
    }

    [Fact]
    public void A_legacy_file_with_more_layers_than_the_network_is_refused_and_changes_nothing()
    {
        var net = new MnistConvnet();
        float[] before = net.Weights.ToArray();
        var e = Assert.Throws<WeightFileException>(() => net.LoadKerasWeights(Fixture.Keras("keras3_11_mnist_cnn_legacy.h5")));
        Assert.Contains("the file has 4 layers with weights (conv2d_2, conv2d_3, dense_2, dense_3) but MnistConvnet has 3", e.Message);
        Assert.True(net.Weights.SequenceEqual(before));
    }

    [Fact]
    public void An_archive_whose_model_uses_a_layer_Unroll_lacks_is_refused_by_its_config()
    {
        string path = Path.Combine(_folder, "bn.keras");
        RewriteArchive(Fixture.Keras("keras3_1_mnist_convnet.keras"), path,
            config => config.Replace("\"class_name\": \"Dropout\"", "\"class_name\": \"BatchNormalization\""));
        var net = new MnistConvnet();
        float[] before = net.Weights.ToArray();
        var e = Assert.Throws<WeightFileException>(() => net.LoadKerasWeights(path));
        Assert.Contains("its layer 'dropout' is a BatchNormalization, which Unroll does not have", e.Message);
        Assert.True(net.Weights.SequenceEqual(before));
    }

    [Fact]
    public void A_weights_file_with_a_layer_the_network_lacks_names_it()
    {
        // A Keras 3 .weights.h5 has no config: the group of a BatchNormalization is what betrays it.
        string path = Path.Combine(_folder, "bn.weights.h5");
        var file = new H5File
        {
            ["layers"] = new H5Group
            {
                ["batch_normalization"] = new H5Group { ["vars"] = new H5Group { ["0"] = new float[4], ["1"] = new float[4], ["2"] = new float[4], ["3"] = new float[4] } },
            },
            ["vars"] = new H5Group(),
        };
        file.Write(path);
        var e = Assert.Throws<WeightFileException>(() => new MnistConvnet().LoadKerasWeights(path));
        Assert.Contains("layer 'batch_normalization' ((4), (4), (4), (4)), which MnistConvnet does not have; its layers with weights are conv2d, conv2d_1, dense", e.Message);
    }

    [Fact]
    public void An_HDF5_file_without_Keras_weights_is_refused()
    {
        var e = Assert.Throws<WeightFileException>(() => new MnistConvnet().LoadKerasWeights(Fixture.Keras("keras2_1_lstm_inputs_and_outputs.h5")));
        Assert.Contains("an HDF5 file without Keras weights", e.Message);
    }

    [Fact]
    public void A_file_that_is_neither_zip_nor_HDF5_is_refused()
    {
        string path = Path.Combine(_folder, "model.h5");
        File.WriteAllText(path, "{\"not\": \"hdf5\"}");
        var e = Assert.Throws<WeightFileException>(() => new MnistConvnet().LoadKerasWeights(path));
        Assert.Contains("neither a .keras zip nor an HDF5 file", e.Message);
    }

    [Fact]
    public void An_archive_without_weights_is_refused()
    {
        string path = Path.Combine(_folder, "empty.keras");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create)) zip.CreateEntry("config.json");
        var e = Assert.Throws<WeightFileException>(() => new MnistConvnet().LoadKerasWeights(path));
        Assert.Contains("the archive has no 'model.weights.h5'", e.Message);
    }

    private static void RewriteArchive(string from, string to, Func<string, string> config)
    {
        using ZipArchive source = ZipFile.OpenRead(from);
        using ZipArchive target = ZipFile.Open(to, ZipArchiveMode.Create);
        foreach (ZipArchiveEntry entry in source.Entries)
        {
            using Stream input = entry.Open();
            using Stream output = target.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
            if (entry.FullName == "config.json")
            {
                string text = new StreamReader(input, Encoding.UTF8).ReadToEnd();
                output.Write(Encoding.UTF8.GetBytes(config(text)));
            }
            else input.CopyTo(output);
        }
    }
}
