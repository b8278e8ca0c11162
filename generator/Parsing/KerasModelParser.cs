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
        if (NetworkParser.IsNameless(syntax) || NetworkParser.CarriesTwice(symbol, KnownAttributes.KerasModel)) return null;
        // A mistyped or non-constant argument: the compiler reports it.
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Kind == TypedConstantKind.Error) return null;
        LocationInfo? location = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken));
        var diagnostics = new List<DiagnosticInfo>();
        if (attribute.ConstructorArguments[0].Value is not string { Length: > 0 } path)
        {
            // [KerasModel(null)] or [KerasModel("")]: there is no file to read.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.KerasModelPathMissing, location, symbol.Name));
            path = "";
        }
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
            NetworkParser.NamespaceOf(symbol),
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
