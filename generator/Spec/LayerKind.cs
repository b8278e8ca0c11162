using System.Collections.Generic;

namespace Unroll.Generator.Spec;

/// <summary>
/// One row of the table of layer kinds: the attribute that declares it, the Keras class it is, and
/// the base Keras names its automatic layer names count from (<c>dense</c>, <c>dense_1</c>, …).
/// The attribute reader, the Keras JSON reader and writer and the summary all look names up here.
/// </summary>
internal sealed record LayerKind(string Attribute, string KerasClass, string BaseName)
{
    /// <summary>The automatic name of the <paramref name="count"/>-th layer of this base name (0-based): <c>dense</c>, <c>dense_1</c>.</summary>
    public string AutomaticName(int count) => count == 0 ? BaseName : BaseName + "_" + count;
}

/// <summary>Every layer kind Unroll implements. A new kind adds one row here and one <c>LayerSpec</c> record.</summary>
internal static class LayerKinds
{
    public static readonly LayerKind Dense = new("Unroll.DenseAttribute", "Dense", "dense");
    public static readonly LayerKind Activation = new("Unroll.ActivationAttribute", "Activation", "activation");
    public static readonly LayerKind Flatten = new("Unroll.FlattenAttribute", "Flatten", "flatten");
    public static readonly LayerKind Dropout = new("Unroll.DropoutAttribute", "Dropout", "dropout");
    public static readonly LayerKind Conv2D = new("Unroll.Conv2DAttribute", "Conv2D", "conv2d");
    public static readonly LayerKind Conv1D = new("Unroll.Conv1DAttribute", "Conv1D", "conv1d");
    public static readonly LayerKind MaxPooling2D = new("Unroll.MaxPooling2DAttribute", "MaxPooling2D", "max_pooling2d");
    public static readonly LayerKind AveragePooling2D = new("Unroll.AveragePooling2DAttribute", "AveragePooling2D", "average_pooling2d");
    public static readonly LayerKind MaxPooling1D = new("Unroll.MaxPooling1DAttribute", "MaxPooling1D", "max_pooling1d");
    public static readonly LayerKind GlobalAveragePooling2D = new("Unroll.GlobalAveragePooling2DAttribute", "GlobalAveragePooling2D", "global_average_pooling2d");
    public static readonly LayerKind GlobalMaxPooling2D = new("Unroll.GlobalMaxPooling2DAttribute", "GlobalMaxPooling2D", "global_max_pooling2d");
    public static readonly LayerKind GlobalAveragePooling1D = new("Unroll.GlobalAveragePooling1DAttribute", "GlobalAveragePooling1D", "global_average_pooling1d");
    public static readonly LayerKind Embedding = new("Unroll.EmbeddingAttribute", "Embedding", "embedding");
    public static readonly LayerKind Lstm = new("Unroll.LstmAttribute", "LSTM", "lstm");

    public static readonly IReadOnlyList<LayerKind> All =
    [
        Dense, Activation, Flatten, Dropout, Conv2D, Conv1D, MaxPooling2D, AveragePooling2D, MaxPooling1D,
        GlobalAveragePooling2D, GlobalMaxPooling2D, GlobalAveragePooling1D, Embedding, Lstm,
    ];

    private static readonly Dictionary<string, LayerKind> ByAttributeName = Index(k => k.Attribute);
    private static readonly Dictionary<string, LayerKind> ByKerasClassName = Index(k => k.KerasClass);

    /// <summary>The kind an attribute (by metadata name, <c>Unroll.DenseAttribute</c>) declares, or null for any other attribute.</summary>
    public static LayerKind? ByAttribute(string? attribute)
        => attribute is not null && ByAttributeName.TryGetValue(attribute, out LayerKind? kind) ? kind : null;

    /// <summary>The kind of a Keras class name (<c>Dense</c>, <c>LSTM</c>), or null for a layer Unroll lacks.</summary>
    public static LayerKind? ByKerasClass(string? kerasClass)
        => kerasClass is not null && ByKerasClassName.TryGetValue(kerasClass, out LayerKind? kind) ? kind : null;

    /// <summary>The pooling kind of a <c>PoolSpec</c>; a combination without a row is a generator bug.</summary>
    public static LayerKind Pool(PoolKind pool, bool global, int rank)
        => ByKerasClass((global ? "Global" : "") + (pool == PoolKind.Max ? "MaxPooling" : "AveragePooling") + rank + "D")
           ?? throw new System.InvalidOperationException($"No layer kind for {(global ? "global " : "")}{pool} pooling of rank {rank}.");

    private static Dictionary<string, LayerKind> Index(System.Func<LayerKind, string> key)
    {
        var index = new Dictionary<string, LayerKind>();
        foreach (LayerKind kind in All) index.Add(key(kind), kind);
        return index;
    }
}
