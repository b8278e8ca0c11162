using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Parsing;
using Unroll.Generator.Shapes;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Interchange;

/// <summary>
/// Checks <c>[BakedWeights(file)]</c> at build time: the file's tensor names and shapes must be
/// exactly the network's. The compiler refuses binary AdditionalFiles, so Unroll.targets extracts
/// each weights file's JSON header into <c>obj/…/unroll/NAME.header.json</c>, which is what this
/// reads; the bytes themselves become static data in <c>obj/…/unroll/NAME.g.cs</c>.
/// </summary>
internal static class BakedWeightsCheck
{
    /// <summary>The ending of the header files Unroll.targets writes, after the weights file's name.</summary>
    public const string HeaderSuffix = ".header.json";

    /// <summary>
    /// The member Unroll.targets names after a weights file: letters and digits kept, '_' for the rest. The
    /// targets file's inline task cannot share this source; SharedWithRuntime/BakedWeightsTargetsTests runs it.
    /// </summary>
    public static string Identifier(string fileName)
    {
        var id = new System.Text.StringBuilder();
        foreach (char c in fileName) id.Append(char.IsLetterOrDigit(c) ? c : '_');
        if (id.Length == 0 || char.IsDigit(id[0])) id.Insert(0, '_');
        return id.ToString();
    }

    /// <summary>Reads a header file Unroll.targets wrote: the JSON header, or its one-line reason why there is none.</summary>
    public static WeightsHeader ReadHeader(string path, string? text)
    {
        if (text is null) return new WeightsHeader(path, null, "the file could not be read");
        if (!text.TrimStart().StartsWith("{", StringComparison.Ordinal))
            return new WeightsHeader(path, null, text.Length < 200 ? text : "its header is not JSON");
        try
        {
            return JsonParser.Parse(text) is JsonObject
                ? new WeightsHeader(path, text, null)
                : new WeightsHeader(path, null, "the header is not a JSON object");
        }
        catch (JsonParseException e)
        {
            return new WeightsHeader(path, null, $"the header is not valid JSON ({e.Message})");
        }
    }


    public static StageResult<ShapedNetwork> Check(StageResult<ShapedNetwork> shaped, ImmutableArray<WeightsHeader> files)
    {
        if (shaped.Value is not { Spec.BakedWeights: { } wanted } network) return shaped;
        var diagnostics = new List<DiagnosticInfo>(shaped.Diagnostics);
        LocationInfo? location = network.Spec.BakedWeightsLocation;
        string fileName = System.IO.Path.GetFileName(wanted);
        // The header files sit in obj/, named after the weights file alone.
        WeightsHeader? file = files.FirstOrDefault(f => System.IO.Path.GetFileName(f.Path) == fileName + HeaderSuffix);
        if (file is null)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BakedWeightsNotFound, location, wanted, fileName));
        else if (file.Json is null)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BakedWeightsUnreadable, location, wanted, file.Problem));
        else
            foreach (string problem in Mismatches(network, (JsonObject)JsonParser.Parse(file.Json)))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BakedWeightsMismatch, location, wanted, network.Spec.ClassName, problem));
        return !diagnostics.HasErrors() ? shaped : new StageResult<ShapedNetwork>(null, diagnostics.ToEquatableArray());
    }

    private static IEnumerable<string> Mismatches(ShapedNetwork network, JsonObject header)
    {
        var inFile = new Dictionary<string, int[]?>();
        foreach (var member in header.Members)
        {
            if (member.Key == "__metadata__") continue;
            int[]? shape = member.Value["shape"] is JsonArray dims && dims.Items.All(d => d.AsNumber is double)
                ? dims.Items.Select(d => (int)d.AsNumber!.Value).ToArray() : null;
            if (member.Value["dtype"]?.AsString is { } dtype && dtype != "F32")
                yield return $"tensor '{member.Key}' is {dtype}; Unroll bakes float32 (F32) weights";
            inFile[member.Key] = shape;
        }
        var mine = new HashSet<string>();
        foreach (ParameterTensor tensor in network.Layers.SelectMany(l => l.Parameters))
        {
            mine.Add(tensor.Name);
            if (!inFile.TryGetValue(tensor.Name, out int[]? shape))
                yield return $"tensor '{tensor.Name}' {tensor.Shape.Parenthesized} is missing from the file";
            else if (shape is null || !shape.SequenceEqual(tensor.Shape.Dimensions))
                yield return $"tensor '{tensor.Name}' is {(shape is null ? "malformed" : "(" + string.Join(", ", shape) + ")")} in the file but {tensor.Shape.Parenthesized} in {network.Spec.ClassName}";
        }
        foreach (string name in inFile.Keys.Where(n => !mine.Contains(n)))
            yield return $"the file holds tensor '{name}', which {network.Spec.ClassName} does not have";
    }
}
