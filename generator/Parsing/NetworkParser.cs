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
        // A syntax error left the class without a name: the compiler reports it, and code for a
        // nameless class would only add errors.
        if (IsNameless(syntax) || CarriesTwice(symbol, KnownAttributes.Sequential)) return new StageResult<NetworkSpec>(null, diagnostics.ToEquatableArray());
        try
        {
            NetworkSpec? spec = ParseClass(symbol, syntax, diagnostics, cancellationToken);
            return new StageResult<NetworkSpec>(!diagnostics.HasErrors() ? spec : null, diagnostics.ToEquatableArray());
        }
        catch (System.Exception e) when (e is not System.OperationCanceledException)
        {
            // The base exception: a reader table missing a layer kind fails in a type initialiser, whose own message says only that.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.From(syntax.Identifier.GetLocation()), symbol.Name, e.GetBaseException().Message));
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
        var namer = new LayerNamer();
        bool refused = false;
        LocationInfo? inputLocation = null;
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
                inputLocation = location;
                refused |= input is null;
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
            // Only layer attributes are left: IsNetworkAttribute picked them from the same table.
            LayerKind layerKind = LayerKinds.ByAttribute(kind) ?? throw new System.InvalidOperationException($"'{kind}' is not a layer attribute.");
            if (LayerAttributeReader.ReadLayer(data, layerKind, namer.Next(layerKind), location, diagnostics) is { } layer)
                layers.Add(layer);
            else
                refused = true;
        }
        // The compiler refused an attribute (a non-constant or mistyped argument) and reports it; the
        // network without that layer would only give misleading shape errors after it.
        if (refused) return null;

        if (input is null && !onThisDeclaration.Any(a => a.Data.AttributeClass!.ToDisplayString() == KnownAttributes.Input))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInput, classLocation, name));
        if (onThisDeclaration.All(a => a.Data.AttributeClass!.ToDisplayString() == KnownAttributes.Input))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, classLocation, name));
        if (input is not { } inputShape) return null;

        FileLinePositionSpan position = syntax.Identifier.GetLocation().GetLineSpan();
        var (baked, bakedLocation) = ReadBakedWeights(symbol, cancellationToken);
        return new NetworkSpec(
            NamespaceOf(symbol),
            name,
            System.IO.Path.GetFileName(position.Path),
            position.StartLinePosition.Line + 1,
            inputShape,
            layers.ToEquatableArray(),
            batchSize,
            BakedWeights: baked,
            BakedWeightsLocation: bakedLocation,
            InputLocation: inputLocation);
    }

    /// <summary>
    /// Whether two partial declarations of the class both carry the attribute. The compiler refuses
    /// the duplicate (CS0579); the generator, which sees each declaration, would otherwise emit the
    /// class twice under one file name, an exception that takes every network of the project down.
    /// </summary>
    internal static bool CarriesTwice(INamedTypeSymbol symbol, string attribute)
        => symbol.GetAttributes().Count(a => a.AttributeClass?.ToDisplayString() == attribute) > 1;

    /// <summary>Whether a syntax error left the declaration without a name.</summary>
    internal static bool IsNameless(TypeDeclarationSyntax syntax) => syntax.Identifier.IsMissing || syntax.Identifier.ValueText.Length == 0;

    /// <summary>The containing namespace as dotted names without '@' (the emitter escapes keywords), or null for the global namespace.</summary>
    internal static string? NamespaceOf(INamedTypeSymbol symbol)
    {
        var parts = new List<string>();
        for (INamespaceSymbol? ns = symbol.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            parts.Insert(0, ns.Name);
        return parts.Count == 0 ? null : string.Join(".", parts);
    }

    /// <summary>
    /// UNR0023 for each network attribute on a class that has neither [Sequential] nor [KerasModel]:
    /// without them the attributes would be silently ignored.
    /// </summary>
    public static EquatableArray<DiagnosticInfo> StrayLayers(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var symbol = (INamedTypeSymbol)context.TargetSymbol;
        foreach (AttributeData attribute in symbol.GetAttributes())
            if (attribute.AttributeClass?.ToDisplayString() is KnownAttributes.Sequential or KnownAttributes.KerasModel)
                return EquatableArray<DiagnosticInfo>.Empty;
        var diagnostics = new List<DiagnosticInfo>();
        foreach (AttributeData attribute in context.Attributes)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerWithoutSequential,
                LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken)),
                attribute.AttributeClass!.Name.Replace("Attribute", ""), symbol.Name));
        return diagnostics.ToEquatableArray();
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
        if (symbol.IsFileLocal)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FileLocalClass, classLocation, name));
        foreach (IMethodSymbol constructor in symbol.InstanceConstructors)
            if (!constructor.IsImplicitlyDeclared)
            {
                bool primary = constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UserConstructor,
                    LocationInfo.From(constructor.Locations.FirstOrDefault()) ?? classLocation, name, primary ? "a primary constructor" : "a constructor"));
                break;
            }
        if (Emitting.GeneratedNames.Hidden(name, symbol.ContainingNamespace is null or { IsGlobalNamespace: true }) is { } hidden)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReservedClassName, classLocation, name, hidden));
        // MemberNames leaves out nested types, which collide with generated members all the same.
        foreach (string member in symbol.MemberNames.Concat(symbol.GetTypeMembers().Select(t => t.Name)).Distinct())
            if (Emitting.GeneratedNames.Members.Contains(member) || member.StartsWith(Emitting.GeneratedNames.Private, System.StringComparison.Ordinal))
            {
                ISymbol? declared = symbol.GetMembers(member).FirstOrDefault(m => !m.IsImplicitlyDeclared);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReservedMemberName,
                    LocationInfo.From(declared?.Locations.FirstOrDefault()) ?? classLocation, name, member,
                    member.StartsWith(Emitting.GeneratedNames.Private, System.StringComparison.Ordinal) ? $"names starting with '{Emitting.GeneratedNames.Private}' are kept for generated members" : "Unroll generates this member"));
            }
        return true;
    }
}
