using Microsoft.CodeAnalysis;
using Unroll.Generator.Common;

namespace Unroll.Generator.Diagnostics;

/// <summary>An equatable diagnostic: descriptor, location and message arguments, made into a <see cref="Diagnostic"/> only at output.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params object?[] arguments)
        => new(descriptor, location, System.Linq.Enumerable.Select(arguments, a => a?.ToString() ?? "").ToEquatableArray());

    public Diagnostic ToDiagnostic()
        => Diagnostic.Create(Descriptor, Location?.ToLocation(), System.Linq.Enumerable.ToArray<object>(Arguments));
}
