using Unroll.Generator.Diagnostics;

namespace Unroll.Generator.Spec;

/// <summary>
/// One layer as declared. Records with value equality and no Roslyn symbols, so the incremental
/// pipeline can cache them; one derived record per layer kind, in its own file.
/// </summary>
internal abstract record LayerSpec(string Name, LocationInfo? Location)
{
    /// <summary>The Keras class name, e.g. <c>Dense</c>.</summary>
    public abstract string KerasType { get; }

}
