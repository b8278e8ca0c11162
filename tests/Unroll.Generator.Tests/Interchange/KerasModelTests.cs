using Microsoft.CodeAnalysis;
using Unroll.Generator.Tests.Emitting;
using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.Interchange;

/// <summary>
/// Architecture JSON both ways: <c>ToJson()</c> of a network declared with attributes, fed back
/// through <c>[KerasModel]</c>, generates the same code; real TF.js files generate the network
/// their attributes would.
/// </summary>
public sealed class KerasModelTests
{
    public static TheoryData<string> Networks => ["pima", "mnist", "fashion", "text", "tanh", "conv1d", "stateful", "hard_sigmoid", "hard_sigmoid_keras2"];

    private static string Source(string network) => network switch
    {
        "pima" => GeneratedSourceTests.PimaSource,
        "mnist" => GeneratedSourceTests.MnistMlpSource,
        "fashion" => GeneratedSourceTests.FashionCnnSource,
        "text" => GeneratedSourceTests.TextLstmSource,
        "tanh" => GeneratedSourceTests.ActivationLayerSource,
        "conv1d" => """
            using Unroll;
            namespace Seq;
            [Sequential]
            [Input(40, 3)]
            [Conv1D(8, 5, Strides = 2, Padding = Padding.Same, Activation = Activation.ReLU, KernelInitializer = Initializer.HeUniform)]
            [MaxPooling1D(2)]
            [Conv2D(4, 3, DataFormat = DataFormat.ChannelsLast)]
            public partial class Net;
            """.Replace("[Conv2D(4, 3, DataFormat = DataFormat.ChannelsLast)]", "[GlobalAveragePooling1D]\n[Dense(2, Activation = Activation.Softmax, L2 = 0.001f)]"),
        "stateful" => """
            using Unroll;
            namespace Seq;
            [Sequential]
            [Input(6, 3, BatchSize = 4)]
            [Lstm(8, ReturnSequences = true, Stateful = true, UnitForgetBias = false)]
            [Dropout(0.1f)]
            [Lstm(4, Stateful = true, Activation = Activation.ReLU, RecurrentActivation = Activation.Tanh, UseBias = false)]
            [Dense(1)]
            public partial class Net;
            """,
        // Keras 2's hard_sigmoid is written with a keras_version that makes the reader pick it again.
        "hard_sigmoid" or "hard_sigmoid_keras2" => $$"""
            using Unroll;
            namespace Seq;
            [Sequential]
            [Input(6, 3)]
            [Lstm(8, RecurrentActivation = Activation.{{(network == "hard_sigmoid" ? "HardSigmoid" : "HardSigmoidKeras2")}})]
            [Dense(1)]
            public partial class Net;
            """,
        _ => throw new ArgumentException(network),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void ToJson_read_back_through_KerasModel_generates_the_same_code(string network)
    {
        string attributes = Source(network);
        GeneratorResult fromAttributes = GeneratorHarness.Run(attributes).AssertCompilesCleanly();
        string json = ArchitectureJson(fromAttributes);

        string keras = KerasVersion(attributes);
        GeneratorResult fromFile = GeneratorHarness.Run(keras, ("/project/models/net.json", json));
        Assert.Empty(fromFile.GeneratorDiagnostics);
        Assert.Equal(WithoutHeaderLine(fromAttributes.Source.Text), WithoutHeaderLine(fromFile.Source.Text));
        Assert.Contains("from [KerasModel(\"models/net.json\")]", fromFile.Source.Text);
    }

    [Theory]
    [InlineData("pima", "[Input(8)] [Dense(12, Activation = Activation.ReLU, KernelInitializer = Initializer.GlorotNormal)] [Dense(1, Activation = Activation.Sigmoid, KernelInitializer = Initializer.GlorotNormal)]")]
    [InlineData("cnn", "[Input(8, 8, 1)] [Conv2D(4, 3, Activation = Activation.ReLU, KernelInitializer = Initializer.GlorotNormal)] [MaxPooling2D(2)] [Conv2D(6, 3, Padding = Padding.Same, KernelInitializer = Initializer.GlorotNormal)] [Flatten] [Dense(3, Activation = Activation.Softmax, KernelInitializer = Initializer.GlorotNormal)]")]
    [InlineData("conv1d", "[Input(12, 2)] [Conv1D(5, 3, Activation = Activation.ReLU, KernelInitializer = Initializer.GlorotNormal)] [MaxPooling1D(2)] [GlobalAveragePooling1D] [Dense(1, Activation = Activation.Sigmoid, KernelInitializer = Initializer.GlorotNormal)]")]
    [InlineData("mlp", "[Input(10)] [Dense(16, Activation = Activation.ReLU, L2 = 0.01f, KernelInitializer = Initializer.GlorotNormal)] [Dropout(0.25f)] [Dense(8, Activation = Activation.Tanh, KernelInitializer = Initializer.GlorotNormal)] [Dense(3, Activation = Activation.Softmax, KernelInitializer = Initializer.GlorotNormal)]")]
    public void A_real_TensorFlow_js_file_generates_what_its_attributes_would(string fixture, string layers)
    {
        // TF.js writes its default kernel initialiser as VarianceScaling(fan_avg, normal): glorot_normal.
        string attributes = $"using Unroll;\n\n[Sequential] {layers}\npublic partial class Net;\n";
        GeneratorResult fromAttributes = GeneratorHarness.Run(attributes).AssertCompilesCleanly();
        string json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tfjs", fixture, "model.json"));
        GeneratorResult fromFile = GeneratorHarness.Run("using Unroll;\n\n[KerasModel(\"model.json\")]\npublic partial class Net;\n", ("/project/model.json", json));
        Assert.Empty(fromFile.GeneratorDiagnostics);
        Assert.Equal(WithoutHeaderLine(fromAttributes.Source.Text), WithoutHeaderLine(fromFile.Source.Text));
    }

    [Fact]
    public void Other_Keras_3_spellings_read_the_same()
    {
        // Keras 3 versions differ in bookkeeping: keras.src module paths, registered names, dtype as a
        // plain string, extra InputLayer keys. None of it changes the network.
        GeneratorResult fromAttributes = GeneratorHarness.Run(GeneratedSourceTests.FashionCnnSource).AssertCompilesCleanly();
        string json = ArchitectureJson(fromAttributes)
            .Replace("\"module\": \"keras.layers\"", "\"module\": \"keras.src.layers.core\"")
            .Replace("\"registered_name\": null", "\"registered_name\": \"Layer\"")
            .Replace("{\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"float32\"}, \"registered_name\": \"Layer\"}", "\"float32\"")
            .Replace("\"name\": \"input_layer\"", "\"name\": \"input_layer\", \"optional\": false");
        Assert.DoesNotContain("DTypePolicy", json);
        GeneratorResult fromFile = GeneratorHarness.Run(KerasVersion(GeneratedSourceTests.FashionCnnSource), ("/project/models/net.json", json));
        Assert.Empty(fromFile.GeneratorDiagnostics);
        Assert.Equal(WithoutHeaderLine(fromAttributes.Source.Text), WithoutHeaderLine(fromFile.Source.Text));
    }

    [Theory]
    [InlineData(null, "HardSigmoid")]
    [InlineData("\"3.11.3\"", "HardSigmoid")]
    [InlineData("\"2.1.3\"", "HardSigmoidKeras2")]
    public void The_keras_version_decides_which_hard_sigmoid_an_LSTM_gets(string? version, string member)
    {
        string json = ArchitectureJson(GeneratorHarness.Run(Source("hard_sigmoid")).AssertCompilesCleanly());
        if (version is not null) json = json[..json.LastIndexOf('}')] + ", \"keras_version\": " + version + "}";
        GeneratorResult fromFile = GeneratorHarness.Run("using Unroll;\nnamespace Seq;\n[KerasModel(\"models/net.json\")]\npublic partial class Net;\n", ("/project/models/net.json", json));
        Assert.Empty(fromFile.GeneratorDiagnostics);
        Assert.Contains($"recurrentActivation: global::Unroll.Activation.{member})", fromFile.Source.Text);
    }

    [Theory]
    [InlineData("net.keras")]
    [InlineData("models/net.keras")]
    [InlineData("..\\models\\net.keras")]
    [InlineData("models/net.h5")]
    [InlineData("net.hdf5")]
    public void A_keras_archive_is_read_from_what_the_build_extracted_of_it(string path)
    {
        // Unroll.targets writes an UnrollKerasModel's config.json to obj/<configuration>/<framework>/unroll/<name>.keras.json.
        GeneratorResult fromAttributes = GeneratorHarness.Run(GeneratedSourceTests.FashionCnnSource).AssertCompilesCleanly();
        string json = ArchitectureJson(fromAttributes);
        string keras = KerasVersion(GeneratedSourceTests.FashionCnnSource).Replace("models/net.json", path.Replace("\\", "\\\\"));

        GeneratorResult fromArchive = GeneratorHarness.Run(keras,
            ("/project/models/net.json", "{}"),
            ("/project/obj/Debug/net10.0/unroll/other_net.keras.json", "{}"),
            ("/project/obj/Debug/net10.0/unroll/" + Path.GetFileName(path.Replace('\\', '/')) + ".json", json));

        Assert.Empty(fromArchive.GeneratorDiagnostics);
        Assert.Equal(WithoutHeaderLine(fromAttributes.Source.Text), WithoutHeaderLine(fromArchive.Source.Text));
    }

    [Fact]
    public void A_keras_archive_is_not_read_from_a_JSON_file_the_build_did_not_extract()
    {
        string json = ArchitectureJson(GeneratorHarness.Run(GeneratedSourceTests.PimaSource));

        GeneratorResult result = GeneratorHarness.Run("using Unroll;\n[KerasModel(\"net.keras\")]\npublic partial class Net;\n", ("/project/net.keras.json", json));

        Assert.Equal("UNR0201", Assert.Single(result.GeneratorDiagnostics).Id);
    }

    [Fact]
    public void ToJson_is_Keras_3_to_json()
    {
        string json = ArchitectureJson(GeneratorHarness.Run(GeneratedSourceTests.PimaSource));
        Assert.StartsWith("""{"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "layers": [{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 8], "dtype": "float32", "sparse": false, "ragged": false, "name": "input_layer"}, "registered_name": null}, {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true, """, json);
        Assert.Contains(""""
            "units": 12, "activation": "relu", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}
            """", json);
        Assert.Contains(""""
            "bias_constraint": null}, "registered_name": null, "build_config": {"input_shape": [null, 8]}}, {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense_1"
            """", json);
        Assert.EndsWith(""""
            "build_input_shape": [null, 8]}, "registered_name": null}
            """", json);
    }

    [Fact]
    public void Editing_the_model_file_regenerates_and_an_unrelated_file_does_not()
    {
        string json = ArchitectureJson(GeneratorHarness.Run(GeneratedSourceTests.PimaSource));
        const string source = "using Unroll;\n[KerasModel(\"net.json\")]\npublic partial class Net;\n";
        Compilation compilation = GeneratorHarness.CreateCompilation(source);
        var original = new InMemoryAdditionalText("/p/net.json", json);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().AddAdditionalTexts([original]).RunGenerators(compilation);
        string first = driver.GetRunResult().GeneratedTrees.Single().ToString();

        // An unrelated additional file: the network's source is not produced again.
        driver = driver.AddAdditionalTexts([new InMemoryAdditionalText("/p/notes.txt", "hello")]).RunGenerators(compilation);
        Assert.All(GeneratorHarness.OutputsOf(driver.GetRunResult().Results[0], UnrollGenerator.StepNames.Source),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));

        driver = driver.ReplaceAdditionalText(original, new InMemoryAdditionalText("/p/net.json", json.Replace("\"units\": 12", "\"units\": 16")));
        driver = driver.RunGenerators(compilation);
        string second = driver.GetRunResult().GeneratedTrees.Single().ToString();
        Assert.NotEqual(first, second);
        Assert.Contains("(None, 16)", second);
    }

    private static string ArchitectureJson(GeneratorResult result)
    {
        INamedTypeSymbol type = result.OutputCompilation.GetSymbolsWithName(n => n is "Net" or "PimaNet" or "MnistMlp" or "FashionCnn" or "TextLstm" or "TanhNet", SymbolFilter.Type)
            .OfType<INamedTypeSymbol>().Single();
        var field = (IFieldSymbol)type.GetMembers("__ArchitectureJson").Single();
        return (string)field.ConstantValue!;
    }

    // The same class (namespace, name, line) declared with [KerasModel] instead of its layer attributes.
    private static string KerasVersion(string attributes)
    {
        string[] lines = attributes.Split('\n');
        var kept = new List<string>();
        bool replaced = false;
        foreach (string line in lines)
        {
            string trimmed = line.Trim();
            if (trimmed.StartsWith('[') && !trimmed.StartsWith("[KerasModel"))
            {
                // Keep line numbers: the first attribute line becomes [KerasModel], the rest blank.
                kept.Add(replaced ? "" : "[KerasModel(\"models/net.json\")]");
                replaced = true;
            }
            else kept.Add(line);
        }
        return string.Join('\n', kept);
    }

    private static string WithoutHeaderLine(string generated)
    {
        string[] lines = generated.Split('\n');
        Assert.StartsWith("// Generated by Unroll.Generator", lines[1]);
        return string.Join('\n', lines.Where((_, i) => i != 1));
    }
}
