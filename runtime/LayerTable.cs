using System.Globalization;
using System.Text.Json;

namespace Unroll;

/// <summary>
/// Reads <see cref="Model.Layers"/> from what every generated network already has: the rows of its
/// Keras summary table (name, type, output shape, parameter count) and, for the shapes going in,
/// the <c>build_config</c> of each layer in its Keras JSON. The one place that parses that text;
/// once the generator emits the layer list itself, this reader goes.
/// </summary>
internal static class LayerTable
{
    private const string ShapeHeader = "Output Shape", ParameterHeader = "Param #";

    public static IReadOnlyList<LayerInfo> Read(string summary, string architectureJson)
    {
        string[] lines = summary.Split('\n');
        int header = Array.FindIndex(lines, line => line.Contains(ShapeHeader, StringComparison.Ordinal) && line.Contains(ParameterHeader, StringComparison.Ordinal));
        if (header < 0 || header + 1 >= lines.Length) throw Unreadable("it has no 'Output Shape' / 'Param #' header");
        // The columns start where their headers do (the table widens them for long names, so they are read, not assumed).
        int shapeColumn = lines[header].IndexOf(ShapeHeader, StringComparison.Ordinal);
        int parameterColumn = lines[header].IndexOf(ParameterHeader, StringComparison.Ordinal);
        Dictionary<string, int[]> inputShapes = InputShapes(architectureJson, out int[] modelInput);

        var layers = new List<LayerInfo>();
        int[] previousOutput = modelInput;
        for (int i = header + 2; i < lines.Length && !lines[i].StartsWith('='); i++)
        {
            string line = lines[i];
            if (line.Length <= parameterColumn) throw Unreadable($"row '{line}' is shorter than its columns");
            string nameAndType = line[..shapeColumn].Trim();
            int open = nameAndType.LastIndexOf(" (", StringComparison.Ordinal);
            if (open < 0 || !nameAndType.EndsWith(')')) throw Unreadable($"row '{line}' has no 'name (Type)'");
            string name = nameAndType[..open];
            string type = nameAndType[(open + 2)..^1];
            int[] output = ParseShape(line[shapeColumn..parameterColumn].Trim());
            int parameters = int.Parse(line[parameterColumn..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
            int[] input = inputShapes.TryGetValue(name, out int[]? declared) ? declared : previousOutput;
            layers.Add(new LayerInfo(name, type, input, output, parameters));
            previousOutput = output;
        }
        return layers.AsReadOnly();
    }

    /// <summary><c>(None, 10, 5)</c> → <c>[10, 5]</c>: the batch axis is left out.</summary>
    internal static int[] ParseShape(string text)
    {
        if (!text.StartsWith('(') || !text.EndsWith(')')) throw Unreadable($"'{text}' is not a shape");
        string[] parts = text[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts[0] != "None") throw Unreadable($"shape '{text}' does not start with the batch axis None");
        return [.. parts.Skip(1).Select(part => int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture))];
    }

    // Each layer's build_config input_shape by layer name, and the InputLayer's batch_shape; batch axes dropped.
    private static Dictionary<string, int[]> InputShapes(string architectureJson, out int[] modelInput)
    {
        var shapes = new Dictionary<string, int[]>(StringComparer.Ordinal);
        modelInput = [];
        using JsonDocument document = JsonDocument.Parse(architectureJson);
        if (!document.RootElement.TryGetProperty("config", out JsonElement config) || !config.TryGetProperty("layers", out JsonElement layers)) return shapes;
        foreach (JsonElement layer in layers.EnumerateArray())
        {
            if (!layer.TryGetProperty("config", out JsonElement layerConfig)) continue;
            if (layer.TryGetProperty("class_name", out JsonElement className) && className.ValueEquals("InputLayer"))
            {
                if (layerConfig.TryGetProperty("batch_shape", out JsonElement batchShape)) modelInput = WithoutBatch(batchShape);
            }
            else if (layerConfig.TryGetProperty("name", out JsonElement name) && layer.TryGetProperty("build_config", out JsonElement build)
                     && build.TryGetProperty("input_shape", out JsonElement inputShape))
            {
                shapes[name.GetString()!] = WithoutBatch(inputShape);
            }
        }
        return shapes;
    }

    private static int[] WithoutBatch(JsonElement shape) => [.. shape.EnumerateArray().Skip(1).Select(d => d.GetInt32())];

    private static FormatException Unreadable(string why) => new($"The network's summary table cannot be read as layers: {why}.");
}
