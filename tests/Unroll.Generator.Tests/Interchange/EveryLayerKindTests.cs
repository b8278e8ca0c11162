using Microsoft.CodeAnalysis;
using Unroll.Generator.Parsing;
using Unroll.Generator.Shapes;
using Unroll.Generator.Spec;
using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.Interchange;

/// <summary>
/// Every row of the table of layer kinds goes through every stage: a small network using it is
/// parsed from attributes, shaped, planned and emitted into code that compiles cleanly, and its
/// <c>ToJson()</c> read back through <c>[KerasModel]</c> gives the same layers (names included) and
/// the same code. A row without a case here fails <see cref="Every_layer_kind_has_a_case"/>.
/// </summary>
public sealed class EveryLayerKindTests
{
    // The layer attributes of one network per kind (after [Sequential]), using it with options off their defaults where it has some.
    private static readonly Dictionary<LayerKind, string> Cases = new()
    {
        [LayerKinds.Dense] = "[Input(4)] [Dense(3, Activation = Activation.Tanh, UseBias = false, KernelInitializer = Initializer.HeNormal, L2 = 0.01f)] [Dense(2, BiasInitializer = Initializer.Ones)]",
        [LayerKinds.Activation] = "[Input(4)] [Dense(3)] [Activation(Activation.ReLU)] [Dense(2)] [Activation(Activation.Softmax)]",
        [LayerKinds.Flatten] = "[Input(3, 4)] [Flatten] [Dense(2)]",
        [LayerKinds.Dropout] = "[Input(4)] [Dense(8, Activation = Activation.ReLU)] [Dropout(0.25f)] [Dense(1, Activation = Activation.Sigmoid)]",
        [LayerKinds.Conv2D] = "[Input(6, 5, 2)] [Conv2D(3, 3, 2, Strides = [2, 1], Padding = Padding.Same, Activation = Activation.ReLU, UseBias = false, L2 = 0.5f)] [Conv2D(2, 2, DataFormat = DataFormat.ChannelsLast, KernelInitializer = Initializer.HeUniform)] [Flatten] [Dense(1)]",
        [LayerKinds.Conv1D] = "[Input(10, 2)] [Conv1D(4, 3, Strides = 2, Padding = Padding.Same, Activation = Activation.Sigmoid, BiasInitializer = Initializer.Ones)] [Flatten] [Dense(1)]",
        [LayerKinds.MaxPooling2D] = "[Input(6, 6, 2)] [MaxPooling2D(2, 3, Strides = [1, 2], Padding = Padding.Same)] [Flatten] [Dense(1)]",
        [LayerKinds.AveragePooling2D] = "[Input(6, 6, 2)] [AveragePooling2D(2)] [Flatten] [Dense(1)]",
        [LayerKinds.MaxPooling1D] = "[Input(9, 3)] [MaxPooling1D(3, Strides = 2)] [Flatten] [Dense(1)]",
        [LayerKinds.GlobalAveragePooling2D] = "[Input(4, 4, 3)] [GlobalAveragePooling2D] [Dense(2)]",
        [LayerKinds.GlobalMaxPooling2D] = "[Input(4, 4, 3)] [GlobalMaxPooling2D] [Dense(2)]",
        [LayerKinds.GlobalAveragePooling1D] = "[Input(7, 3)] [GlobalAveragePooling1D] [Dense(2)]",
        [LayerKinds.Embedding] = "[Input(5)] [Embedding(20, 4, EmbeddingsInitializer = Initializer.GlorotUniform)] [Flatten] [Dense(1)]",
        [LayerKinds.Lstm] = "[Input(5, 3)] [Lstm(4, ReturnSequences = true, UnitForgetBias = false)] [Lstm(2, RecurrentInitializer = Initializer.GlorotNormal)] [Dense(1)]",
    };

    public static TheoryData<string> Kinds => [.. LayerKinds.All.Select(kind => kind.KerasClass)];

    [Fact]
    public void Every_layer_kind_has_a_case()
    {
        Assert.Equal(LayerKinds.All.Select(kind => kind.KerasClass).Order(), Cases.Keys.Select(kind => kind.KerasClass).Order());
        // The table itself: one row per attribute, per Keras class and per base name.
        Assert.Equal(LayerKinds.All.Count, LayerKinds.All.Select(kind => kind.Attribute).Distinct().Count());
        Assert.Equal(LayerKinds.All.Count, LayerKinds.All.Select(kind => kind.KerasClass).Distinct().Count());
        Assert.Equal(LayerKinds.All.Count, LayerKinds.All.Select(kind => kind.BaseName).Distinct().Count());
    }

    [Fact]
    public void The_table_names_every_layer_attribute_of_the_runtime()
    {
        string[] notLayers = [KnownAttributes.Sequential, KnownAttributes.Input, KnownAttributes.KerasModel, KnownAttributes.BakedWeights];
        var runtimeAttributes = typeof(Unroll.Model).Assembly.GetExportedTypes()
            .Where(type => type.Namespace == "Unroll" && typeof(Attribute).IsAssignableFrom(type))
            .Select(type => type.FullName!)
            .Except(notLayers);
        Assert.Equal(LayerKinds.All.Select(kind => kind.Attribute).Order(), runtimeAttributes.Order());
    }

    [Fact]
    public void A_map_of_kinds_missing_a_row_cannot_be_built_and_a_row_outside_the_table_throws()
    {
        var allButLstm = LayerKinds.All.Where(kind => kind != LayerKinds.Lstm).ToDictionary(kind => kind, kind => kind.BaseName);
        var missing = Assert.Throws<InvalidOperationException>(() => new LayerKindMap<string>("test stage", allButLstm));
        Assert.Equal("The test stage does not cover the table of layer kinds: missing LSTM.", missing.Message);

        var foreign = new LayerKind("Unroll.BatchNormalizationAttribute", "BatchNormalization", "batch_normalization");
        var extra = Assert.Throws<InvalidOperationException>(() => new LayerKindMap<string>("test stage",
            LayerKinds.All.Append(foreign).ToDictionary(kind => kind, kind => kind.BaseName)));
        Assert.Equal("The test stage does not cover the table of layer kinds: not in the table BatchNormalization.", extra.Message);

        var map = new LayerKindMap<string>("test stage", LayerKinds.All.ToDictionary(kind => kind, kind => kind.BaseName));
        Assert.Equal("lstm", map[LayerKinds.Lstm]);
        Assert.Contains("no entry for layer kind BatchNormalization", Assert.Throws<InvalidOperationException>(() => map[foreign]).Message);
    }

    [Fact]
    public void Automatic_names_count_per_base_name_from_the_second()
    {
        var namer = new LayerNamer();
        Assert.Equal(["dense", "activation", "dense_1", "conv1d", "dense_2"],
            new[] { LayerKinds.Dense, LayerKinds.Activation, LayerKinds.Dense, LayerKinds.Conv1D, LayerKinds.Dense }.Select(namer.Next));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Goes_through_every_stage_and_round_trips_through_Keras_JSON(string kerasClass)
    {
        LayerKind kind = LayerKinds.ByKerasClass(kerasClass)!;
        Assert.True(Cases.TryGetValue(kind, out string? layers), $"No network uses {kerasClass}: add a case for the new row of LayerKinds.");
        string attributes = $"using Unroll;\n\nnamespace Kinds;\n\n[Sequential]\n{layers!.Replace("] [", "]\n[")}\npublic partial class Net;\n";

        // Attributes -> spec -> shapes -> plan -> source that compiles.
        GeneratorResult fromAttributes = GeneratorHarness.Run(attributes).AssertCompilesCleanly();
        NetworkSpec parsed = StageValue<NetworkSpec>(fromAttributes, UnrollGenerator.StepNames.Parse);
        Assert.Contains(parsed.Layers, layer => layer.Kind == kind);
        Assert.All(parsed.Layers, layer => Assert.StartsWith(layer.Kind.BaseName, layer.Name));
        ShapedNetwork shaped = StageValue<ShapedNetwork>(fromAttributes, UnrollGenerator.StepNames.InferShapes);
        Assert.Equal(parsed.Layers.Select(l => l.Name), shaped.Layers.Select(l => l.Name));
        Assert.NotNull(StageValue<object>(fromAttributes, UnrollGenerator.StepNames.Plan));
        Assert.Contains($"\"class_name\": \"{kind.KerasClass}\"", ArchitectureJson(fromAttributes));

        // ToJson() -> [KerasModel] -> the same layers, names included, and the same code.
        string keras = $"using Unroll;\n\nnamespace Kinds;\n\n[KerasModel(\"models/net.json\")]\n{string.Concat(Enumerable.Repeat("\n", layers.Split("] [").Length))}public partial class Net;\n";
        GeneratorResult fromFile = GeneratorHarness.Run(keras, ("/project/models/net.json", ArchitectureJson(fromAttributes)));
        Assert.Empty(fromFile.GeneratorDiagnostics);
        NetworkSpec read = StageValue<NetworkSpec>(fromFile, UnrollGenerator.StepNames.ReadKerasModel);
        Assert.Equal(parsed.Input, read.Input);
        Assert.Equal(parsed.BatchSize, read.BatchSize);
        // The readers point diagnostics at the attribute or into the file; everything else is equal.
        Assert.Equal(parsed.Layers.Select(Unplaced), read.Layers.Select(Unplaced));
        Assert.Equal(WithoutHeaderLine(fromAttributes.Source.Text), WithoutHeaderLine(fromFile.Source.Text));
    }

    private static LayerSpec Unplaced(LayerSpec layer) => layer with { Location = null };

    /// <summary>The value of a stage's single <see cref="StageResult{T}"/> output (fails when the stage stopped the network).</summary>
    private static T StageValue<T>(GeneratorResult result, string step) where T : class
    {
        object output = Assert.Single(GeneratorHarness.OutputsOf(result.RunResult, step)).Value;
        object? value = output.GetType().GetProperty(nameof(StageResult<T>.Value))!.GetValue(output);
        return Assert.IsAssignableFrom<T>(value);
    }

    private static string ArchitectureJson(GeneratorResult result)
    {
        INamedTypeSymbol type = result.OutputCompilation.GetTypeByMetadataName("Kinds.Net")!;
        var field = (IFieldSymbol)type.GetMembers("__ArchitectureJson").Single();
        return (string)field.ConstantValue!;
    }

    private static string WithoutHeaderLine(string generated)
    {
        string[] lines = generated.Split('\n');
        Assert.StartsWith("// Generated by Unroll.Generator", lines[1]);
        return string.Join('\n', lines.Where((_, i) => i != 1));
    }
}
