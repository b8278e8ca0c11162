using System.Text.Json;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Files;

/// <summary>
/// TensorFlow.js layers models made by tfjs 4.22 itself (Fixtures/tfjs, see
/// tests/reference/tfjs): their weights load with LoadWeights and the network predicts what tfjs did.
/// </summary>
public class TensorFlowJsWeightTests
{
    private static string Fixture(string model, string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "tfjs", model, file);

    public static TheoryData<string> Models => ["pima", "mlp", "mlp_sharded", "cnn", "conv1d", "lstm_sigmoid"];

    private static Model Create(string model) => model switch
    {
        "pima" => new PimaNet(seed: 1),
        "mlp" or "mlp_sharded" => new TfjsMlpNet(seed: 1),
        "cnn" => new TfjsCnnNet(seed: 1),
        "conv1d" => new TfjsConv1DNet(seed: 1),
        "lstm_sigmoid" => new TfjsLstmNet(seed: 1),
        _ => throw new ArgumentException(model),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Weights_load_and_predictions_match_tfjs(string model)
    {
        Model net = Create(model);
        net.LoadWeights(Fixture(model, "model.json"));
        AssertPredictsAsTfjs(model, net);
    }

    /// <summary>The network predicts, for the fixture's inputs, what tfjs predicted (expected.json), to 1e-5.</summary>
    internal static void AssertPredictsAsTfjs(string model, Model net)
    {
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(Fixture(model, "expected.json")));
        float[] inputs = Floats(expected.RootElement.GetProperty("inputs").GetProperty("data"));
        float[] outputs = Floats(expected.RootElement.GetProperty("outputs").GetProperty("data"));
        float[] predicted = net.Predict(inputs);
        Assert.Equal(outputs.Length, predicted.Length);
        for (int i = 0; i < outputs.Length; i++)
            Assert.True(Math.Abs(outputs[i] - predicted[i]) <= 1e-5f + 1e-5f * Math.Abs(outputs[i]), $"{model} output {i}: tfjs {outputs[i]}, Unroll {predicted[i]}");
    }

    [Theory]
    [InlineData("pima")]
    [InlineData("mlp")]
    [InlineData("cnn")]
    [InlineData("conv1d")]
    [InlineData("lstm_sigmoid")]
    public void Networks_generated_from_the_tfjs_file_predict_what_tfjs_did(string model)
    {
        Model net = model switch
        {
            "pima" => new PimaFromTfjs(seed: 1),
            "mlp" => new MlpFromTfjs(seed: 1),
            "cnn" => new CnnFromTfjs(seed: 1),
            "conv1d" => new Conv1DFromTfjs(seed: 1),
            _ => new LstmFromTfjs(seed: 1),
        };
        net.LoadWeights(Fixture(model, "model.json"));
        AssertPredictsAsTfjs(model, net);
    }

    [Fact]
    public void ToJson_is_Keras_JSON_that_names_every_layer_and_its_config()
    {
        using JsonDocument json = JsonDocument.Parse(new TfjsCnnNet(seed: 1).ToJson());
        JsonElement root = json.RootElement;
        Assert.Equal("Sequential", root.GetProperty("class_name").GetString());
        JsonElement[] layers = [.. root.GetProperty("config").GetProperty("layers").EnumerateArray()];
        Assert.Equal(["InputLayer", "Conv2D", "MaxPooling2D", "Conv2D", "Flatten", "Dense"], layers.Select(l => l.GetProperty("class_name").GetString()));
        Assert.Equal("[null, 8, 8, 1]", "[" + string.Join(", ", layers[0].GetProperty("config").GetProperty("batch_shape").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? "null" : e.GetInt32().ToString())) + "]");
        JsonElement conv = layers[3].GetProperty("config");
        Assert.Equal("conv2d_1", conv.GetProperty("name").GetString());
        Assert.Equal("same", conv.GetProperty("padding").GetString());
        Assert.Equal(6, conv.GetProperty("filters").GetInt32());
        Assert.Equal("softmax", layers[5].GetProperty("config").GetProperty("activation").GetString());
    }

    [Fact]
    public void A_missing_shard_is_named()
    {
        using var folder = new TemporaryFolder();
        File.Copy(Fixture("pima", "model.json"), folder.File("model.json"));
        var e = Assert.Throws<WeightFileException>(() => new PimaNet(seed: 1).LoadWeights(folder.File("model.json")));
        Assert.Equal("its weight shard 'weights.bin' is not beside it.", e.Problem);
    }

    [Fact]
    public void A_short_shard_is_refused()
    {
        using var folder = new TemporaryFolder();
        File.Copy(Fixture("pima", "model.json"), folder.File("model.json"));
        File.WriteAllBytes(folder.File("weights.bin"), File.ReadAllBytes(Fixture("pima", "weights.bin"))[..^8]);
        var e = Assert.Throws<WeightFileException>(() => new PimaNet(seed: 1).LoadWeights(folder.File("model.json")));
        Assert.Equal("the manifest lists 484 bytes of float32 weights but its shards hold 476.", e.Problem);
    }

    [Fact]
    public void Weights_of_a_different_architecture_are_refused()
    {
        var e = Assert.Throws<WeightFileException>(() => new PimaNet(seed: 1).LoadWeights(Fixture("mlp", "model.json")));
        Assert.Equal("the file has 3 layers with weights but PimaNet has 2: a different architecture.", e.Problem);
        var conv = Assert.Throws<WeightFileException>(() => new TfjsCnnNet(seed: 1).LoadWeights(Fixture("unsupported", "model.json")));
        Assert.Contains("a different architecture", conv.Problem);
    }

    [Fact]
    public void A_json_file_that_is_not_a_layers_model_is_refused()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("model.json"), """{"format": "graph-model"}""");
        Assert.Equal("it has no 'weightsManifest': not a TensorFlow.js layers model.",
            Assert.Throws<WeightFileException>(() => new PimaNet(seed: 1).LoadWeights(folder.File("model.json"))).Problem);
        File.WriteAllText(folder.File("model.json"), """{"weightsManifest": [{"paths": ["../../etc/passwd"], "weights": []}]}""");
        Assert.Contains("is not a file name beside model.json",
            Assert.Throws<WeightFileException>(() => new PimaNet(seed: 1).LoadWeights(folder.File("model.json"))).Problem);
    }

    private static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(e => (float)e.GetDouble())];
}
