using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;

namespace Unroll.Generator.Spec;

/// <summary>
/// A network as declared: where the class lives, its input shape and its layers in order.
/// Immutable and equatable by value; it holds no Roslyn symbols, so cached pipeline steps
/// compare equal when the declaration did not change.
/// </summary>
internal sealed record NetworkSpec(
    string? Namespace,
    string ClassName,
    string SourceFile,
    int SourceLine,
    Shape Input,
    EquatableArray<LayerSpec> Layers,
    int BatchSize = 0,
    string? KerasFile = null,
    string? BakedWeights = null,
    Diagnostics.LocationInfo? BakedWeightsLocation = null,
    Diagnostics.LocationInfo? InputLocation = null)
{
    /// <summary>The fully qualified name, for messages.</summary>
    public string FullName => Namespace is null ? ClassName : Namespace + "." + ClassName;
}

/// <summary>A stage's output: a value for the next stage (or none, when an error stops generation) and the diagnostics so far.</summary>
internal sealed record StageResult<T>(T? Value, EquatableArray<DiagnosticInfo> Diagnostics) where T : class;
