using System.Collections.Generic;

namespace Unroll.Generator.Parsing;

/// <summary>Metadata names of the runtime's attributes; the generator matches them by name, never by loading the runtime.</summary>
internal static class KnownAttributes
{
    public const string Sequential = "Unroll.SequentialAttribute";
    public const string Input = "Unroll.InputAttribute";
    public const string Dense = "Unroll.DenseAttribute";
    public const string Activation = "Unroll.ActivationAttribute";
    public const string Flatten = "Unroll.FlattenAttribute";
    public const string Dropout = "Unroll.DropoutAttribute";
    public const string Conv2D = "Unroll.Conv2DAttribute";
    public const string Conv1D = "Unroll.Conv1DAttribute";
    public const string MaxPooling2D = "Unroll.MaxPooling2DAttribute";
    public const string AveragePooling2D = "Unroll.AveragePooling2DAttribute";
    public const string MaxPooling1D = "Unroll.MaxPooling1DAttribute";
    public const string GlobalAveragePooling2D = "Unroll.GlobalAveragePooling2DAttribute";
    public const string GlobalMaxPooling2D = "Unroll.GlobalMaxPooling2DAttribute";
    public const string GlobalAveragePooling1D = "Unroll.GlobalAveragePooling1DAttribute";
    public const string Embedding = "Unroll.EmbeddingAttribute";
    public const string Lstm = "Unroll.LstmAttribute";
    public const string KerasModel = "Unroll.KerasModelAttribute";
    public const string BakedWeights = "Unroll.BakedWeightsAttribute";
    public const string ModelBase = "Unroll.Model";

    /// <summary>Layer attributes and the Keras base name their automatic layer names count from.</summary>
    public static readonly IReadOnlyDictionary<string, string> LayerBaseNames = new Dictionary<string, string>
    {
        [Dense] = "dense",
        [Activation] = "activation",
        [Flatten] = "flatten",
        [Dropout] = "dropout",
        [Conv2D] = "conv2d",
        [Conv1D] = "conv1d",
        [MaxPooling2D] = "max_pooling2d",
        [AveragePooling2D] = "average_pooling2d",
        [MaxPooling1D] = "max_pooling1d",
        [GlobalAveragePooling2D] = "global_average_pooling2d",
        [GlobalMaxPooling2D] = "global_max_pooling2d",
        [GlobalAveragePooling1D] = "global_average_pooling1d",
        [Embedding] = "embedding",
        [Lstm] = "lstm",
    };

    /// <summary>[Input] and every layer attribute: the attributes that mean nothing without [Sequential].</summary>
    public static readonly IReadOnlyList<string> InputAndLayers = [Input, .. LayerBaseNames.Keys];

    /// <summary>Whether the attribute declares a layer (or the input) and so takes part in the network.</summary>
    public static bool IsNetworkAttribute(string? name) => name == Input || (name is not null && LayerBaseNames.ContainsKey(name));
}
