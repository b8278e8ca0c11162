using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Parsing;

/// <summary>
/// The only stage that touches Roslyn symbols: turns a <c>[Sequential]</c> class into a
/// <see cref="NetworkSpec"/>, checking the class and the attribute arguments.
/// </summary>
internal static class NetworkParser
{
    public static StageResult<NetworkSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var symbol = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        var diagnostics = new List<DiagnosticInfo>();
        try
        {
            NetworkSpec? spec = ParseClass(symbol, syntax, diagnostics, cancellationToken);
            return new StageResult<NetworkSpec>(diagnostics.Count == 0 ? spec : null, diagnostics.ToEquatableArray());
        }
        catch (System.Exception e) when (e is not System.OperationCanceledException)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.From(syntax.Identifier.GetLocation()), symbol.Name, e.Message));
            return new StageResult<NetworkSpec>(null, diagnostics.ToEquatableArray());
        }
    }

    private static NetworkSpec? ParseClass(INamedTypeSymbol symbol, TypeDeclarationSyntax syntax, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        LocationInfo? classLocation = LocationInfo.From(syntax.Identifier.GetLocation());
        string name = symbol.Name;
        if (!CheckClass(symbol, syntax, diagnostics)) return null;

        // Attributes in source order: the layer order is the declaration order on this declaration.
        var onThisDeclaration = new List<(AttributeData Data, AttributeSyntax Syntax)>();
        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? kind = attribute.AttributeClass?.ToDisplayString();
            if (!KnownAttributes.IsNetworkAttribute(kind)) continue;
            if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax attributeSyntax) continue;
            if (attributeSyntax.SyntaxTree == syntax.SyntaxTree && syntax.Span.Contains(attributeSyntax.Span))
                onThisDeclaration.Add((attribute, attributeSyntax));
            else
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerOnOtherDeclaration, LocationInfo.From(attributeSyntax), attribute.AttributeClass!.Name.Replace("Attribute", ""), name));
        }
        onThisDeclaration.Sort((a, b) => a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart));

        Shape? input = null;
        int batchSize = 0;
        var layers = new List<LayerSpec>();
        var counts = new Dictionary<string, int>();
        foreach ((AttributeData data, AttributeSyntax attributeSyntax) in onThisDeclaration)
        {
            LocationInfo? location = LocationInfo.From(attributeSyntax);
            string kind = data.AttributeClass!.ToDisplayString();
            if (kind == KnownAttributes.Input)
            {
                if (input is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateInput, location, name));
                    continue;
                }
                input = LayerAttributeReader.ReadInput(data);
                foreach (var argument in data.NamedArguments)
                    if (argument.Key == "BatchSize" && argument.Value.Value is int fixedBatch)
                    {
                        batchSize = fixedBatch;
                        if (fixedBatch < 0)
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveArgument, location, "input", "Input", "BatchSize", fixedBatch));
                    }
                if (input is { } shape && (shape.Rank == 0 || shape.Dimensions.Any(d => d < 1)))
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidInputShape, location, name, string.Join(", ", shape.Dimensions)));
                continue;
            }
            // Keras names layers by type, counting from the second: dense, dense_1, dense_2.
            string baseName = KnownAttributes.LayerBaseNames[kind];
            counts.TryGetValue(baseName, out int count);
            counts[baseName] = count + 1;
            string layerName = count == 0 ? baseName : baseName + "_" + count;
            if (LayerAttributeReader.ReadLayer(data, kind, layerName, location, diagnostics) is { } layer)
                layers.Add(layer);
        }

        if (input is null && !onThisDeclaration.Any(a => a.Data.AttributeClass!.ToDisplayString() == KnownAttributes.Input))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInput, classLocation, name));
        if (onThisDeclaration.All(a => a.Data.AttributeClass!.ToDisplayString() == KnownAttributes.Input))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, classLocation, name));
        if (input is not { } inputShape) return null;

        FileLinePositionSpan position = syntax.Identifier.GetLocation().GetLineSpan();
        var (baked, bakedLocation) = ReadBakedWeights(symbol, cancellationToken);
        return new NetworkSpec(
            symbol.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            name,
            System.IO.Path.GetFileName(position.Path),
            position.StartLinePosition.Line + 1,
            inputShape,
            layers.ToEquatableArray(),
            batchSize,
            BakedWeights: baked,
            BakedWeightsLocation: bakedLocation);
    }

    /// <summary>The path of <c>[BakedWeights(path)]</c> and where it is written, if the class has one.</summary>
    internal static (string? Path, LocationInfo? Location) ReadBakedWeights(INamedTypeSymbol symbol, CancellationToken cancellationToken)
    {
        foreach (AttributeData attribute in symbol.GetAttributes())
            if (attribute.AttributeClass?.ToDisplayString() == KnownAttributes.BakedWeights
                && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string path)
                return (path, LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken)));
        return (null, null);
    }

    /// <summary>Checks what every network class must be (a partial, non-generic, top-level class deriving from nothing else); false when it is not a class at all.</summary>
    internal static bool CheckClass(INamedTypeSymbol symbol, TypeDeclarationSyntax syntax, List<DiagnosticInfo> diagnostics)
    {
        LocationInfo? classLocation = LocationInfo.From(syntax.Identifier.GetLocation());
        string name = symbol.Name;
        if (syntax is not ClassDeclarationSyntax)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotAClass, classLocation, name, syntax.Keyword.ValueText + (syntax is RecordDeclarationSyntax { ClassOrStructKeyword.ValueText: { Length: > 0 } kind } ? " " + kind : "")));
            return false;
        }
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNotPartial, classLocation, name));
        if (symbol.IsGenericType)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericClass, classLocation, name));
        if (symbol.ContainingType is { } container)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NestedClass, classLocation, name, container.ToDisplayString()));
        if (symbol.IsStatic || symbol.IsAbstract)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidModifier, classLocation, name, symbol.IsStatic ? "static" : "abstract"));
        if (symbol.BaseType is { SpecialType: not SpecialType.System_Object } baseType
            && baseType.ToDisplayString() != KnownAttributes.ModelBase)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HasBaseClass, classLocation, name, baseType.ToDisplayString()));
        return true;
    }
}
