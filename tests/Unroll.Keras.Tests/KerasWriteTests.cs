using System.Diagnostics;
using System.Text.Json;
using Unroll.Keras.Tests.Networks;

namespace Unroll.Keras.Tests;

/// <summary>
/// Files Unroll writes in Keras's formats: read back by Unroll, and by an independent reader
/// (tests/reference/read_keras_file.py, h5py) that walks them as Keras's loaders do.
/// </summary>
public sealed class KerasWriteTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("unroll-keras-write-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Writers => ["keras", "weights.h5", "legacy.h5", "model.h5"];

    [Theory]
    [MemberData(nameof(Writers))]
    public void A_written_CNN_reads_back_and_still_reproduces_the_Keras_prediction(string writer)
    {
        var net = new MnistConvnet();
        net.LoadKerasWeights(Fixture.Keras("keras3_1_mnist_convnet.keras"));
        string path = Write(net, writer);
        var back = new MnistConvnet();
        back.LoadKerasWeights(path);
        Assert.True(back.Weights.SequenceEqual(net.Weights));
        Assert.Equal(net.Predict(MnistSamples.Pixels(1)), back.Predict(MnistSamples.Pixels(1)));
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public void A_written_LSTM_reads_back(string writer)
    {
        var net = new Keras2Lstm();
        net.LoadKerasWeights(Fixture.Keras("keras2_1_lstm_model.h5"));
        var back = new Keras2Lstm();
        back.LoadKerasWeights(Write(net, writer));
        Assert.True(back.Weights.SequenceEqual(net.Weights));
    }

    [SkippableTheory]
    [MemberData(nameof(Writers))]
    public void The_independent_reader_finds_each_weight_where_Keras_looks_for_it(string writer)
    {
        var cnn = new MnistConvnet();
        cnn.LoadKerasWeights(Fixture.Keras("keras3_1_mnist_convnet.keras"));
        JsonElement read = ReadWithH5py(Write(cnn, writer));
        var expected = writer is "legacy.h5" or "model.h5"
            ? cnn.ParameterTensors.ToDictionary(t => $"{Layer(t)}/{t.Name}:0")
            : cnn.ParameterTensors.ToDictionary(t => $"layers/{Layer(t)}/vars/{Index(cnn, t)}");
        AssertTensors(cnn, expected, read.GetProperty("tensors"));
        if (writer is "keras" or "model.h5")
        {
            Assert.Equal(writer == "keras" ? "keras" : "legacy model", read.GetProperty("format").GetString());
            Assert.Equal("3.11.3", read.GetProperty("keras_version").GetString());
            Assert.Equal(["InputLayer", "Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dropout", "Dense"],
                read.GetProperty("config_layers").EnumerateArray().Select(e => e.GetString()));
        }

        // Keras 3 keeps an LSTM's weights in its cell.
        var lstm = new Keras2Lstm();
        lstm.LoadKerasWeights(Fixture.Keras("keras2_1_lstm_model.h5"));
        JsonElement readLstm = ReadWithH5py(Write(lstm, writer));
        var expectedLstm = writer is "legacy.h5" or "model.h5"
            ? lstm.ParameterTensors.ToDictionary(t => $"{Layer(t)}/{t.Name}:0")
            : lstm.ParameterTensors.ToDictionary(t => $"layers/{Layer(t)}{(Layer(t) == "lstm" ? "/cell" : "")}/vars/{Index(lstm, t)}");
        AssertTensors(lstm, expectedLstm, readLstm.GetProperty("tensors"));
    }

    [Fact]
    public void A_diverged_network_is_not_written_and_the_old_file_stays()
    {
        var net = new MnistConvnet();
        net.LoadKerasWeights(Fixture.Keras("keras3_1_mnist_convnet.keras"));
        string path = Write(net, "keras");
        byte[] before = File.ReadAllBytes(path);
        net.Parameters[3] = float.NaN;
        Assert.Throws<InvalidOperationException>(() => net.SaveKeras(path));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    private string Write(Model net, string writer)
    {
        string path = Path.Combine(_folder, "net." + writer);
        switch (writer)
        {
            case "keras": net.SaveKeras(path); break;
            case "weights.h5": net.SaveKerasWeights(path); break;
            case "legacy.h5": KerasFile.SaveLegacyWeights(net, path); break;
            case "model.h5": KerasFile.SaveLegacyModel(net, path); break;
            default: throw new ArgumentException(writer);
        }
        return path;
    }

    private static string Layer(ParameterTensor t) => t.Name[..t.Name.LastIndexOf('/')];

    private static int Index(Model net, ParameterTensor t) => net.ParameterTensors.Where(o => Layer(o) == Layer(t)).ToList().IndexOf(t);

    private static void AssertTensors(Model net, Dictionary<string, ParameterTensor> expected, JsonElement tensors)
    {
        Assert.Equal(expected.Keys.Order(), tensors.EnumerateObject().Select(p => p.Name).Order());
        foreach (var (path, tensor) in expected)
        {
            JsonElement found = tensors.GetProperty(path);
            Assert.Equal(tensor.Shape, found.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
            float[] values = [.. found.GetProperty("values").EnumerateArray().Select(e => e.GetSingle())];
            Assert.True(values.AsSpan().SequenceEqual(net.Weights.Slice(tensor.Offset, tensor.Length)), path);
        }
    }

    // python3 with h5py (Debian's python3-h5py); the test is skipped where there is none.
    private static JsonElement ReadWithH5py(string path)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "read_keras_file.py");
        string? python = new[] { "python3", "/usr/bin/python3" }.FirstOrDefault(HasH5py);
        Skip.If(python is null, "python3 with h5py is not installed (apt-get install python3-h5py)");
        var start = new ProcessStartInfo(python!, [script, path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr.Result);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static bool HasH5py(string python)
    {
        try
        {
            using Process? p = Process.Start(new ProcessStartInfo(python, ["-c", "import h5py"]) { RedirectStandardError = true, RedirectStandardOutput = true });
            if (p is null) return false;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }
}
