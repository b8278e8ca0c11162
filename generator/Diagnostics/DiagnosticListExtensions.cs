using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Unroll.Generator.Diagnostics;

internal static class DiagnosticListExtensions
{
    /// <summary>Whether any diagnostic stops generation: errors do, warnings (UNR0108) do not.</summary>
    public static bool HasErrors(this IEnumerable<DiagnosticInfo> diagnostics)
    {
        foreach (DiagnosticInfo diagnostic in diagnostics)
            if (diagnostic.Descriptor.DefaultSeverity == DiagnosticSeverity.Error) return true;
        return false;
    }
}
