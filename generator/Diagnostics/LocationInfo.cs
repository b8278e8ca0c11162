using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Unroll.Generator.Diagnostics;

/// <summary>A source location as a value (no syntax tree reference), so it can live in cached pipeline values.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan TextSpan, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, TextSpan, LineSpan);

    public static LocationInfo? From(SyntaxNode? node) => From(node?.GetLocation());

    public static LocationInfo? From(Location? location)
        => location?.SourceTree is null ? null
           : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
}
