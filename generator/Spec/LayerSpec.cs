using Unroll.Generator.Diagnostics;

namespace Unroll.Generator.Spec;

/// <summary>
/// One layer as declared. Records with value equality and no Roslyn symbols, so the incremental
/// pipeline can cache them; one derived record per layer kind, in its own file.
/// </summary>
internal abstract record LayerSpec(string Name, LocationInfo? Location)
{
    /// <summary>This layer's row in the table of kinds.</summary>
    public abstract LayerKind Kind { get; }

    /// <summary>The Keras class name, e.g. <c>Dense</c>.</summary>
    public string KerasType => Kind.KerasClass;

    /// <summary>Calls the visitor's method for this record's kind.</summary>
    public abstract TResult Accept<TResult>(ILayerVisitor<TResult> visitor);
}
