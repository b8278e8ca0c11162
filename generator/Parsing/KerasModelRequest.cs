using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;

namespace Unroll.Generator.Parsing;

/// <summary>A <c>[KerasModel(path)]</c> class: where it lives and which file it names (a value; no symbols).</summary>
internal sealed record KerasModelRequest(
    string? Namespace,
    string ClassName,
    string SourceFile,
    int SourceLine,
    string FilePath,
    LocationInfo? AttributeLocation,
    EquatableArray<DiagnosticInfo> Diagnostics,
    string? BakedWeights = null,
    LocationInfo? BakedWeightsLocation = null);

