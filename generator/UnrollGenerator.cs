using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Emitting;
using Unroll.Generator.Interchange;
using Unroll.Generator.Lowering;
using Unroll.Generator.Parsing;
using Unroll.Generator.Shapes;

namespace Unroll.Generator;

/// <summary>
/// Expands every <c>[Sequential]</c> partial class into a specialised network:
/// attributes → spec → shapes → kernel plan → source. Every step's output is an equatable value,
/// so an edit that does not touch a network's declaration re-runs nothing after the parse.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class UnrollGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Parse: each class carrying [Sequential] -> NetworkSpec (the only step that sees symbols).
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownAttributes.Sequential,
                static (node, _) => node is TypeDeclarationSyntax,
                static (context, cancellationToken) => NetworkParser.Parse(context, cancellationToken))
            .WithTrackingName(StepNames.Parse);

        // Parse a Keras file: each class carrying [KerasModel(path)] + the JSON of AdditionalFiles -> NetworkSpec.
        var jsonFiles = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".json", System.StringComparison.OrdinalIgnoreCase))
            .Select(static (file, cancellationToken) => new AdditionalJson(file.Path, file.GetText(cancellationToken)?.ToString()))
            .Collect();
        var read = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownAttributes.KerasModel,
                static (node, _) => node is TypeDeclarationSyntax,
                static (context, cancellationToken) => KerasModelParser.Parse(context, cancellationToken))
            .Combine(jsonFiles)
            .Select(static (pair, _) => KerasModelReader.Read(pair.Left, pair.Right))
            .WithTrackingName(StepNames.ReadKerasModel);

        // Headers of the safetensors files that [BakedWeights] may name, for the build-time check.
        var weightHeaders = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(BakedWeightsCheck.HeaderSuffix, System.StringComparison.OrdinalIgnoreCase))
            .Select(static (file, cancellationToken) => BakedWeightsCheck.ReadHeader(file.Path, file.GetText(cancellationToken)?.ToString()))
            .Collect();

        Expand(context, parsed, weightHeaders);
        Expand(context, read, weightHeaders);

        // Layer attributes on a class without [Sequential] or [KerasModel] would do nothing: say so.
        foreach (string attribute in KnownAttributes.InputAndLayers)
        {
            var stray = context.SyntaxProvider
                .ForAttributeWithMetadataName(attribute,
                    static (node, _) => node is TypeDeclarationSyntax,
                    static (context, cancellationToken) => NetworkParser.StrayLayers(context, cancellationToken))
                .Where(static list => list.Count > 0);
            context.RegisterSourceOutput(stray, static (output, list) =>
            {
                foreach (DiagnosticInfo diagnostic in list) output.ReportDiagnostic(diagnostic.ToDiagnostic());
            });
        }
    }

    /// <summary>Adds one network's source, or reports why there is none (<see cref="TryEmit"/>).</summary>
    private static void EmitNetwork(SourceProductionContext output, KernelPlan plan)
    {
        (string hintName, string? source, DiagnosticInfo? problem) = TryEmit(plan);
        if (source is not null)
        {
            try
            {
                output.AddSource(hintName, SourceText.From(source, System.Text.Encoding.UTF8));
                return;
            }
            catch (System.ArgumentException e)
            {
                // A hint name Roslyn refuses (invalid or repeated) would otherwise fail the whole generator.
                problem = InternalError(plan, e);
            }
        }
        output.ReportDiagnostic(problem!.ToDiagnostic());
    }

    /// <summary>
    /// The source of one network, or the diagnostic that replaces it: an exception in the emitter
    /// becomes UNR0901 on this network alone (thrown out of a source output it would be CS8785,
    /// and no network of the project would get code); source past the budget is UNR0110.
    /// </summary>
    internal static (string HintName, string? Source, DiagnosticInfo? Problem) TryEmit(KernelPlan plan)
    {
        try
        {
            return (NetworkEmitter.HintName(plan.Network.Spec), NetworkEmitter.Emit(plan), null);
        }
        catch (SourceWriter.SourceBudgetExceededException)
        {
            return ("", null, DiagnosticInfo.Create(DiagnosticDescriptors.SourceOverBudget, null, plan.Network.Spec.FullName, NetworkEmitter.SourceBudget / 1_000_000));
        }
        catch (System.Exception e) when (e is not System.OperationCanceledException)
        {
            return ("", null, InternalError(plan, e));
        }
    }

    private static DiagnosticInfo InternalError(KernelPlan plan, System.Exception e)
        => DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, null, plan.Network.Spec.FullName, e.GetType().Name + ": " + e.Message);

    // The stages after parsing, the same for attributes and Keras files.
    private static void Expand(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<Spec.StageResult<Spec.NetworkSpec>> parsed,
        IncrementalValueProvider<System.Collections.Immutable.ImmutableArray<WeightsHeader>> weightHeaders)
    {
        // InferShapes: shapes and parameters of every layer, or shape diagnostics.
        var shaped = parsed
            .Select(static (result, _) => ShapeInference.Infer(result))
            .WithTrackingName(StepNames.InferShapes)
            .Combine(weightHeaders)
            .Select(static (pair, _) => BakedWeightsCheck.Check(pair.Left, pair.Right))
            .WithTrackingName(StepNames.CheckBakedWeights);

        // Plan: parameter offsets, tiling, gradient flow.
        var planned = shaped
            .Select(static (result, _) => KernelPlanner.Plan(result))
            .WithTrackingName(StepNames.Plan);

        // Source: one file per network that has a plan.
        var plans = planned
            .Where(static result => result.Value is not null)
            .Select(static (result, _) => result.Value!)
            .WithTrackingName(StepNames.Source);
        context.RegisterSourceOutput(plans, static (output, plan) => EmitNetwork(output, plan));

        // Diagnostics: reported separately, so a diagnostic-only change does not re-emit source.
        var diagnostics = planned
            .Select(static (result, _) => result.Diagnostics)
            .Where(static list => list.Count > 0)
            .WithTrackingName(StepNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, list) =>
        {
            foreach (DiagnosticInfo diagnostic in list) output.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
    }
}
