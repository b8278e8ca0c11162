using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;

namespace Unroll.Generator.Parsing;

/// <summary>Turns a <c>[KerasModel(path)]</c> class into a <see cref="KerasModelRequest"/>, checking the class as for <c>[Sequential]</c>.</summary>
internal static class KerasModelParser
{
    public static KerasModelRequest? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var symbol = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        AttributeData attribute = context.Attributes[0];
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string path) return null; // the compiler reports it
        LocationInfo? location = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken));
        var diagnostics = new List<DiagnosticInfo>();
        NetworkParser.CheckClass(symbol, syntax, diagnostics);
        foreach (AttributeData other in symbol.GetAttributes())
        {
            string? kind = other.AttributeClass?.ToDisplayString();
            if (kind == KnownAttributes.Sequential || KnownAttributes.IsNetworkAttribute(kind))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.KerasModelWithLayers, location, symbol.Name, path));
                break;
            }
        }
        FileLinePositionSpan position = syntax.Identifier.GetLocation().GetLineSpan();
        var (baked, bakedLocation) = NetworkParser.ReadBakedWeights(symbol, cancellationToken);
        return new KerasModelRequest(
            symbol.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            symbol.Name,
            System.IO.Path.GetFileName(position.Path),
            position.StartLinePosition.Line + 1,
            path,
            location,
            diagnostics.ToEquatableArray(),
            baked,
            bakedLocation);
    }
}
