using System.Collections;
using System.Text.Json;
using Microsoft.Build.Framework;
using PureHDF;
using Unroll.Keras.Tasks;

namespace Unroll.Keras.Tests;

/// <summary>
/// <c>[KerasModel("model.h5")]</c>: Unroll.Keras's build task (keras/Tasks, run by build/Unroll.Keras.targets) writes a legacy
/// .h5's model_config, with its keras_version, for the generator; run here directly on the real files Keras wrote.
/// </summary>
public sealed class KerasBuildTaskTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("unroll-keras-task-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("keras2_1_lstm_model.h5", "2.1.3")]
    [InlineData("keras3_1_mnist_convnet_legacy.h5", "3.1.1")]
    [InlineData("keras3_11_mnist_cnn_legacy.h5", "3.11.3")]
    public void A_legacy_model_gives_its_model_config_plus_its_keras_version(string file, string version)
    {
        (bool succeeded, string? json, List<string> errors) = Run(Fixture.Keras(file));

        Assert.True(succeeded);
        Assert.Empty(errors);
        string config = ModelConfig(Fixture.Keras(file));
        Assert.DoesNotContain("keras_version", config);
        Assert.Equal("{\"keras_version\": \"" + version + "\", " + config[1..], json);
        using JsonDocument document = JsonDocument.Parse(json!);
        Assert.Equal("Sequential", document.RootElement.GetProperty("class_name").GetString());
    }

    [Fact]
    public void A_legacy_model_Unroll_wrote_gives_back_the_networks_own_architecture()
    {
        // SaveLegacyModel's model_config is ToJson; a Keras 2 hard_sigmoid LSTM's carries its own keras_version ("2"), which is kept.
        var cnn = new Networks.MnistConvnet();
        var lstm = new Networks.Keras2Lstm();
        foreach ((Model net, string expected) in new[] { ((Model)cnn, "{\"keras_version\": \"3.11.3\", " + cnn.ToJson()[1..]), (lstm, lstm.ToJson()) })
        {
            string path = Path.Combine(_folder, net.Name + ".h5");
            KerasFile.SaveLegacyModel(net, path);
            Assert.Equal("legacy HDF5 model (Keras 3.11.3)", KerasFile.Describe(path));
            (bool succeeded, string? json, List<string> errors) = Run(path);
            Assert.True(succeeded, string.Join("\n", errors));
            Assert.Equal(expected, json);
        }
        Assert.Contains("\"keras_version\": \"2\"", lstm.ToJson());
    }

    [Theory]
    [InlineData("keras2_1_lstm_weights.h5")]
    [InlineData("keras2_1_lstm_inputs_and_outputs.h5")]
    [InlineData("keras3_mnist_cnn3.weights.h5")]
    public void A_weights_only_file_is_a_build_error_that_says_what_it_is_and_what_to_do(string file)
    {
        (bool succeeded, string? json, List<string> errors) = Run(Fixture.Keras(file));

        Assert.False(succeeded);
        Assert.Null(json);
        Assert.Equal(
            $"{Fixture.Keras(file)}: Unroll: {file} has no model_config attribute, so it holds no architecture (a weights-only file, as Keras's save_weights writes, has none). "
            + "[KerasModel] needs what model.save wrote (a .keras archive or a legacy full-model .h5) or a model.to_json() file; "
            + "or declare the layers with attributes and load the file's weights at run time with LoadKerasWeights.",
            Assert.Single(errors));
    }

    [Fact]
    public void A_zip_or_any_other_file_is_left_to_Unroll_targets()
    {
        // Unroll.targets extracts .keras archives and refuses what is neither zip nor HDF5.
        string text = Path.Combine(_folder, "model.h5");
        File.WriteAllText(text, "{\"class_name\": \"Sequential\"}");
        foreach (string source in new[] { Fixture.Keras("keras3_1_mnist_convnet.keras"), text })
        {
            (bool succeeded, string? json, List<string> errors) = Run(source);
            Assert.True(succeeded);
            Assert.Null(json);
            Assert.Empty(errors);
        }
    }

    [Fact]
    public void A_model_config_already_carrying_keras_version_is_kept_and_an_unchanged_one_is_not_rewritten()
    {
        string path = Path.Combine(_folder, "versioned.h5");
        const string config = """{"class_name": "Sequential", "keras_version": "2.2.4", "config": []}""";
        var file = new H5File();
        file.Attributes["model_config"] = config;
        file.Attributes["keras_version"] = "2.4.0";
        file.Write(path);

        string output = Path.Combine(_folder, "obj", "unroll", "versioned.h5.json");
        Assert.True(Task(path, output).Execute());
        Assert.Equal(config, File.ReadAllText(output));
        DateTime first = File.GetLastWriteTimeUtc(output);
        File.WriteAllText(output, "stale");
        Assert.True(Task(path, output).Execute());
        Assert.Equal(config, File.ReadAllText(output));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp", SearchOption.AllDirectories));
        Assert.True(File.GetLastWriteTimeUtc(output) >= first);
    }

    [Fact]
    public void A_model_config_that_is_not_a_JSON_object_is_a_build_error()
    {
        string path = Path.Combine(_folder, "broken.h5");
        var file = new H5File();
        file.Attributes["model_config"] = "[1, 2]";
        file.Write(path);
        (bool succeeded, _, List<string> errors) = Run(path);
        Assert.False(succeeded);
        Assert.EndsWith("Unroll: broken.h5's model_config is not a JSON object (a model.to_json()), but a Array.", Assert.Single(errors));
    }

    private (bool Succeeded, string? Json, List<string> Errors) Run(string source)
    {
        string output = Path.Combine(_folder, "obj", "unroll", Path.GetFileName(source) + ".json");
        if (File.Exists(output)) File.Delete(output);
        var engine = new RecordingBuildEngine();
        ExtractKerasHdf5Config task = Task(source, output, engine);
        bool succeeded = task.Execute();
        return (succeeded, File.Exists(output) ? File.ReadAllText(output) : null, engine.Errors);
    }

    private static ExtractKerasHdf5Config Task(string source, string output, IBuildEngine? engine = null)
        => new() { Source = source, Config = output, BuildEngine = engine ?? new RecordingBuildEngine() };

    private static string ModelConfig(string path)
    {
        using var file = H5File.OpenRead(path);
        return file.Attribute("model_config").Read<string>();
    }

    private sealed class RecordingBuildEngine : IBuildEngine
    {
        public List<string> Errors { get; } = [];
        public bool ContinueOnError => false;
        public int LineNumberOfTaskNode => 0;
        public int ColumnNumberOfTaskNode => 0;
        public string ProjectFileOfTaskNode => "test.csproj";
        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;
        public void LogCustomEvent(CustomBuildEventArgs e) { }
        public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e.File + ": " + e.Message);
        public void LogMessageEvent(BuildMessageEventArgs e) { }
        public void LogWarningEvent(BuildWarningEventArgs e) => Errors.Add("warning: " + e.Message);
    }
}
