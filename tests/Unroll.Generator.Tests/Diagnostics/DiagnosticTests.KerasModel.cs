using System.Globalization;
using Microsoft.CodeAnalysis;
using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.Diagnostics;

/// <summary>The diagnostics of <c>[KerasModel]</c>: each points into the model file (or at the attribute) and names the layer and option.</summary>
public sealed partial class DiagnosticTests
{
    private const string KerasModelClass = """
        using Unroll;

        [KerasModel("model.json")]
        public partial class Net;
        """;

    private static string TfjsFixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tfjs", name, "model.json"));

    private static Diagnostic[] KerasDiagnostics(string json, string source = KerasModelClass)
    {
        GeneratorResult result = GeneratorHarness.Run(source, ("/project/model.json", json));
        Assert.Empty(result.Sources);
        return [.. result.GeneratorDiagnostics];
    }

    private static void AssertInFile(Diagnostic diagnostic, string json, string expectedLineText)
    {
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        Assert.Equal("/project/model.json", span.Path);
        string line = json.Split('\n')[span.StartLinePosition.Line];
        Assert.Contains(expectedLineText, line);
    }

    [Fact]
    public void UNR0201_KerasModelFileNotFound()
    {
        GeneratorResult result = GeneratorHarness.Run(KerasModelClass, ("/project/other.json", "{}"));
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("UNR0201", diagnostic.Id);
        Assert.Equal("'model.json' is not among the project's AdditionalFiles: add <AdditionalFiles Include=\"model.json\" /> to the project file so the generator can read it",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal("KerasModel(\"model.json\")", result.InputCompilation.SyntaxTrees.Single().GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Fact]
    public void UNR0201_KerasModelFileNotFound_for_an_archive_says_to_list_it_for_extraction()
    {
        GeneratorResult result = GeneratorHarness.Run("using Unroll;\n\n[KerasModel(\"models/mnist.keras\")]\npublic partial class Net;\n", ("/project/obj/unroll/other.keras.json", "{}"));
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("UNR0201", diagnostic.Id);
        Assert.Equal("'models/mnist.keras' is not among the project's AdditionalFiles: add <UnrollKerasModel Include=\"models/mnist.keras\" /> (the build extracts its config.json) to the project file so the generator can read it",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal("KerasModel(\"models/mnist.keras\")", result.InputCompilation.SyntaxTrees.Single().GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Fact]
    public void UNR0201_KerasModelFileNotFound_for_a_legacy_h5_names_the_package_that_extracts_it()
    {
        GeneratorResult result = GeneratorHarness.Run("using Unroll;\n\n[KerasModel(\"models/lstm.h5\")]\npublic partial class Net;\n", ("/project/models/lstm.h5.json", "{}"));
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("UNR0201", diagnostic.Id);
        Assert.Equal("'models/lstm.h5' is not among the project's AdditionalFiles: add <UnrollKerasModel Include=\"models/lstm.h5\" /> and a reference to the Unroll.Keras package (whose build task extracts its model_config) to the project file so the generator can read it",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void UNR0202_KerasModelInvalid()
    {
        string broken = "{\"class_name\": \"Sequential\",\n \"config\": {\"layers\": [}}";
        Diagnostic bad = Assert.Single(KerasDiagnostics(broken));
        Assert.Equal("UNR0202", bad.Id);
        Assert.Equal("'model.json' is not a Keras Sequential model that Unroll can read: the JSON is malformed (expected a value)", bad.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(1, bad.Location.GetLineSpan().StartLinePosition.Line);

        Diagnostic functional = Assert.Single(KerasDiagnostics("""{"class_name": "Functional", "config": {"layers": []}}"""));
        Assert.Equal("'model.json' is not a Keras Sequential model that Unroll can read: its class_name is 'Functional'; Unroll reads Sequential models",
            functional.GetMessage(CultureInfo.InvariantCulture));

        Diagnostic noInput = Assert.Single(KerasDiagnostics("""{"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"units": 1}}]}}"""));
        Assert.Equal("'model.json' is not a Keras Sequential model that Unroll can read: it gives no input shape (an InputLayer's batch_shape, or batch_input_shape on the first layer)",
            noInput.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void UNR0203_UnsupportedKerasLayer()
    {
        // A real TF.js file with BatchNormalization and GRU (and an elu Dense).
        string json = TfjsFixture("unsupported");
        Diagnostic[] diagnostics = KerasDiagnostics(json);
        Diagnostic[] layers = [.. diagnostics.Where(d => d.Id == "UNR0203")];
        Assert.Equal(2, layers.Length);
        Assert.StartsWith("'model.json': layer 'batch_normalization_BatchNormalization1' is a BatchNormalization, which Unroll does not have; supported: InputLayer, Dense,",
            layers[0].GetMessage(CultureInfo.InvariantCulture));
        Assert.StartsWith("'model.json': layer 'gru_GRU1' is a GRU, which Unroll does not have",
            layers[1].GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal("/project/model.json", layers[0].Location.GetLineSpan().Path);
    }

    [Fact]
    public void UNR0204_UnsupportedKerasOption()
    {
        Diagnostic elu = Assert.Single(KerasDiagnostics(TfjsFixture("unsupported")), d => d.Id == "UNR0204");
        Assert.Equal("'model.json': layer 'dense_Dense1' (Dense) has activation = \"elu\", which Unroll does not support (linear, relu, sigmoid, tanh or softmax)",
            elu.GetMessage(CultureInfo.InvariantCulture));

        // TF.js's LSTM defaults to hard_sigmoid gates, which Unroll has (Keras 2's, as TF.js defines it);
        // outside an LSTM, hard_sigmoid is named with where it is allowed.
        GeneratorResult tfjsLstm = GeneratorHarness.Run(KerasModelClass, ("/project/model.json", TfjsFixture("lstm")));
        Assert.Empty(tfjsLstm.GeneratorDiagnostics);
        Assert.Contains("recurrentActivation: global::Unroll.Activation.HardSigmoidKeras2", Assert.Single(tfjsLstm.Sources).Text);
        string hardDense = """
            {"class_name": "Sequential", "config": {"layers": [
              {"class_name": "InputLayer", "config": {"batch_shape": [null, 4]}},
              {"class_name": "Dense", "config": {"name": "d", "units": 2, "activation": "hard_sigmoid"}}]}}
            """;
        Assert.Equal("'model.json': layer 'd' (Dense) has activation = \"hard_sigmoid\", which Unroll does not support (linear, relu, sigmoid, tanh or softmax; hard_sigmoid only as an LSTM's activation or recurrent_activation)",
            Assert.Single(KerasDiagnostics(hardDense)).GetMessage(CultureInfo.InvariantCulture));
        string eluLstm = """
            {"class_name": "Sequential", "config": {"layers": [
              {"class_name": "InputLayer", "config": {"batch_shape": [null, 3, 2]}},
              {"class_name": "LSTM", "config": {"name": "l", "units": 2, "recurrent_activation": "elu"}}]}}
            """;
        Assert.Equal("'model.json': layer 'l' (LSTM) has recurrent_activation = \"elu\", which Unroll does not support (linear, relu, sigmoid, tanh or hard_sigmoid)",
            Assert.Single(KerasDiagnostics(eluLstm)).GetMessage(CultureInfo.InvariantCulture));

        string dilated = """
            {"class_name": "Sequential", "config": {"layers": [
              {"class_name": "InputLayer", "config": {"batch_shape": [null, 9, 9, 1]}},
              {"class_name": "Conv2D", "config": {"name": "conv", "filters": 2, "kernel_size": [3, 3],
                "dilation_rate": [2, 2]}}]}}
            """;
        Diagnostic dilation = Assert.Single(KerasDiagnostics(dilated));
        Assert.Equal("'model.json': layer 'conv' (Conv2D) has dilation_rate = [2, 2], which Unroll does not support (only 1: no dilation)",
            dilation.GetMessage(CultureInfo.InvariantCulture));
        AssertInFile(dilation, dilated, "\"dilation_rate\": [2, 2]");
    }

    [Fact]
    public void UNR0209_KerasTrainingOnlyDropout()
    {
        // Keras 2's model.save keeps an LSTM's training dropout (the Keras 2.1.3 fixture has 0.2): predictions are unaffected.
        string json = """
            {"class_name": "Sequential", "config": [
              {"class_name": "LSTM", "config": {"name": "lstm_1", "units": 4, "batch_input_shape": [null, 3, 2],
                "dropout": 0.2,
                "recurrent_dropout": 0.0}}]}
            """;
        GeneratorResult result = GeneratorHarness.Run(KerasModelClass, ("/project/model.json", json));
        Diagnostic warning = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("UNR0209", warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("'model.json': layer 'lstm_1' (LSTM) has dropout = 0.2, which Unroll's LSTM does not implement: its predictions are the file's (dropout acts only in training), but training in Unroll runs without it",
            warning.GetMessage(CultureInfo.InvariantCulture));
        AssertInFile(warning, json, "\"dropout\": 0.2");
        // A warning, not an error: the network is generated and compiles.
        Assert.Single(result.Sources);
        Assert.Empty(result.CompilationDiagnostics.Where(d => d.Id != "UNR0209"));

        // A rate that is no rate is still refused.
        Diagnostic bad = Assert.Single(KerasDiagnostics(json.Replace("\"recurrent_dropout\": 0.0", "\"recurrent_dropout\": 1.5")), d => d.Id == "UNR0204");
        Assert.Equal("'model.json': layer 'lstm_1' (LSTM) has recurrent_dropout = 1.5, which Unroll does not support (a rate in [0, 1) is needed)", bad.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void UNR0205_KerasModelWithLayers()
    {
        const string source = """
            using Unroll;

            [KerasModel("model.json")]
            [Sequential]
            [Input(8)]
            [Dense(1)]
            public partial class Net;
            """;
        GeneratorResult result = GeneratorHarness.Run(source, ("/project/model.json", TfjsFixture("pima")));
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("UNR0205", diagnostic.Id);
        Assert.Equal("'Net' takes its layers from 'model.json' ([KerasModel]); remove [Sequential], [Input] and the layer attributes, or remove [KerasModel]",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void UNR0103_shape_errors_of_a_Keras_file_point_into_it()
    {
        string json = """
            {"class_name": "Sequential", "config": {"layers": [
              {"class_name": "InputLayer", "config": {"batch_shape": [null, 4, 4, 1]}},
              {"class_name": "Conv2D", "config": {"name": "conv", "filters": 2, "kernel_size": 5}}]}}
            """;
        Diagnostic diagnostic = Assert.Single(KerasDiagnostics(json));
        Assert.Equal("UNR0103", diagnostic.Id);
        AssertInFile(diagnostic, json, "\"class_name\": \"Conv2D\"");
    }
}
