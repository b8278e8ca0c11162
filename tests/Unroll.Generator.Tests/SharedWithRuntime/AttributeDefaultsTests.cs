using System.Reflection;
using Unroll.Generator.Spec;
using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.SharedWithRuntime;

/// <summary>
/// The defaults of the layer attributes live in the runtime's attribute classes, but the generator never
/// runs those: it sees only the arguments written, and both readers (LayerAttributeReader for attributes,
/// KerasModelReader for a missing Keras option) assume the rest. Source cannot be shared there, so each
/// default is pinned here: an attribute constructed at run time, with no options set, against the spec the
/// generator reads from the same declaration and from a Keras config without those options.
/// </summary>
public sealed class AttributeDefaultsTests
{
    /// <summary>A layer with required arguments only: as an attribute, as the runtime's object, as a Keras config.</summary>
    public sealed record Layer(string Declaration, Func<Attribute> Create, string KerasClass, string KerasConfig)
    {
        public override string ToString() => Declaration;
    }

    private static readonly Layer[] AllLayers =
    [
        new("Dense(3)", () => new DenseAttribute(3), "Dense", """ "units": 3 """),
        new("Conv2D(3, 2)", () => new Conv2DAttribute(3, 2), "Conv2D", """ "filters": 3, "kernel_size": [2, 2] """),
        new("Conv1D(3, 2)", () => new Conv1DAttribute(3, 2), "Conv1D", """ "filters": 3, "kernel_size": [2] """),
        new("Lstm(3)", () => new LstmAttribute(3), "LSTM", """ "units": 3 """),
        new("Embedding(10, 3)", () => new EmbeddingAttribute(10, 3), "Embedding", """ "input_dim": 10, "output_dim": 3 """),
        new("MaxPooling2D(2)", () => new MaxPooling2DAttribute(2), "MaxPooling2D", """ "pool_size": [2, 2] """),
        new("AveragePooling2D(3, 2)", () => new AveragePooling2DAttribute(3, 2), "AveragePooling2D", """ "pool_size": [3, 2] """),
        new("MaxPooling1D", () => new MaxPooling1DAttribute(), "MaxPooling1D", """ "pool_size": [2] """),
        new("GlobalAveragePooling2D", () => new GlobalAveragePooling2DAttribute(), "GlobalAveragePooling2D", ""),
        new("GlobalMaxPooling2D", () => new GlobalMaxPooling2DAttribute(), "GlobalMaxPooling2D", ""),
        new("GlobalAveragePooling1D", () => new GlobalAveragePooling1DAttribute(), "GlobalAveragePooling1D", ""),
    ];

    public static TheoryData<Layer> Layers
    {
        get
        {
            var data = new TheoryData<Layer>();
            foreach (Layer layer in AllLayers) data.Add(layer);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Attribute_reader_assumes_the_attribute_class_defaults(Layer layer)
    {
        LayerSpec spec = ParseAttribute(layer.Declaration);

        Assert.Equal(Options(layer.Create()), Options(layer.Create(), spec));
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Keras_reader_assumes_the_attribute_class_defaults(Layer layer)
    {
        LayerSpec spec = ReadKeras(layer.KerasClass, layer.KerasConfig);

        Assert.Equal(Options(layer.Create()), Options(layer.Create(), spec));
    }

    [Fact]
    public void Every_layer_attribute_with_options_is_listed()
    {
        // A new attribute with settable options must join Layers, or its defaults go unchecked.
        string[] listed = [.. AllLayers.Select(layer => layer.Create().GetType().Name)];
        string[] withOptions = [.. typeof(Model).Assembly.GetExportedTypes()
            .Where(t => t.IsSubclassOf(typeof(Attribute)) && t.Namespace == "Unroll" && Settable(t).Any())
            .Select(t => t.Name)];

        Assert.Empty(withOptions.Except(listed).Except(NotLayers));
    }

    /// <summary>Attributes with options that are not layers: Input's BatchSize is checked by its own tests.</summary>
    private static readonly string[] NotLayers = [nameof(InputAttribute)];

    private static IEnumerable<PropertyInfo> Settable(Type attribute)
        => attribute.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true });

    /// <summary>Each option of the attribute as "Name = value", from the attribute itself.</summary>
    private static string[] Options(Attribute attribute)
        => [.. Settable(attribute.GetType()).Select(p => $"{p.Name} = {Display(Normalize(attribute, p.Name, p.GetValue(attribute)))}")];

    /// <summary>Each option of the attribute as "Name = value", from the spec the generator read.</summary>
    private static string[] Options(Attribute attribute, LayerSpec spec)
        => [.. Settable(attribute.GetType()).Select(p => $"{p.Name} = {Display(FromSpec(spec, p.Name))}")];

    /// <summary>The attribute's way of saying a stride: one number, a height and width, or none (the pool size).</summary>
    private static object? Normalize(Attribute attribute, string option, object? value)
    {
        if (option != "Strides") return value;
        (int, int) pool = attribute switch
        {
            MaxPooling2DAttribute p => Pair(p.PoolSize),
            AveragePooling2DAttribute p => Pair(p.PoolSize),
            MaxPooling1DAttribute p => (1, p.PoolSize),
            _ => (1, 1),
        };
        return value switch
        {
            int[] { Length: 0 } => pool,
            int[] strides => Pair(strides),
            0 when attribute is MaxPooling1DAttribute => pool,
            int stride => (1, stride),
            _ => value,
        };
    }

    private static (int, int) Pair(int[] values) => (values[0], values[^1]);

    private static object? FromSpec(LayerSpec spec, string option) => option switch
    {
        "Strides" => spec switch
        {
            ConvSpec c => (c.StrideHeight, c.StrideWidth),
            PoolSpec p => (p.StrideHeight, p.StrideWidth),
            _ => "no strides in " + spec.GetType().Name,
        },
        "EmbeddingsInitializer" => ((EmbeddingSpec)spec).Initializer,
        _ => spec.GetType().GetProperty(option) is { } property ? property.GetValue(spec) : "missing from " + spec.GetType().Name,
    };

    // The runtime's enums and the generator's copies are distinct types from one source: compare name and value.
    private static string Display(object? value) => value is Enum e ? $"{e} ({Convert.ToInt32(e)})" : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "null";

    private static LayerSpec ParseAttribute(string declaration)
    {
        GeneratorResult result = GeneratorHarness.Run($"using Unroll;\n\n[Sequential]\n[Input(8, 8, 2)]\n[{declaration}]\npublic partial class Net;\n");
        object output = Assert.Single(GeneratorHarness.OutputsOf(result.RunResult, UnrollGenerator.StepNames.Parse)).Value;
        var parsed = Assert.IsType<StageResult<NetworkSpec>>(output);
        Assert.Empty(parsed.Diagnostics);
        return Assert.Single(parsed.Value!.Layers);
    }

    private static LayerSpec ReadKeras(string kerasClass, string config)
    {
        string options = config.Trim().Length > 0 ? ", " + config.Trim() : "";
        string json = $$$"""
            {"class_name": "Sequential", "config": {"name": "net", "layers": [
              {"class_name": "InputLayer", "config": {"batch_shape": [null, 8, 8, 2], "name": "input"}},
              {"class_name": "{{{kerasClass}}}", "config": {"name": "layer"{{{options}}}}}
            ]}}
            """;
        GeneratorResult result = GeneratorHarness.Run("using Unroll;\n\n[KerasModel(\"model.json\")]\npublic partial class Net;\n", ("/project/model.json", json));
        object output = Assert.Single(GeneratorHarness.OutputsOf(result.RunResult, UnrollGenerator.StepNames.ReadKerasModel)).Value;
        var read = Assert.IsType<StageResult<NetworkSpec>>(output);
        Assert.Empty(read.Diagnostics);
        return Assert.Single(read.Value!.Layers);
    }
}
