using System.Text.Json;

namespace Unroll.Keras;

/// <summary>
/// The layer list of a Keras model config (<c>config.json</c> of a <c>.keras</c>, the
/// <c>model_config</c> attribute of a legacy <c>.h5</c>): Keras 2 Sequential writes
/// <c>"config": [layers]</c>, Keras 3 <c>"config": {"layers": [...]}</c>.
/// </summary>
internal static class KerasConfig
{
    /// <summary>Keras classes Unroll has a layer for (the generator's table of layer kinds, linked in), and the input layer.</summary>
    public static readonly IReadOnlySet<string> SupportedClasses =
        new HashSet<string>(["InputLayer", .. Unroll.Generator.Spec.LayerKinds.All.Select(kind => kind.KerasClass)], StringComparer.Ordinal);

    public static List<(string Name, string ClassName)> Layers(string json, string source)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
            JsonElement root = document.RootElement;
            if (!root.TryGetProperty("config", out JsonElement config)) return [];
            JsonElement layers = config.ValueKind == JsonValueKind.Array ? config
                : config.ValueKind == JsonValueKind.Object && config.TryGetProperty("layers", out JsonElement l) ? l : default;
            var result = new List<(string, string)>();
            if (layers.ValueKind != JsonValueKind.Array) return result;
            foreach (JsonElement layer in layers.EnumerateArray())
            {
                string className = layer.TryGetProperty("class_name", out JsonElement c) ? c.GetString() ?? "" : "";
                string name = layer.TryGetProperty("config", out JsonElement lc) && lc.ValueKind == JsonValueKind.Object
                    && lc.TryGetProperty("name", out JsonElement n) ? n.GetString() ?? "" : "";
                result.Add((name, className));
            }
            return result;
        }
        catch (JsonException e)
        {
            throw new WeightFileException(source, $"its model config is not valid JSON ({e.Message}).", e);
        }
    }

    /// <summary>The <c>keras_version</c> key of a JSON object (metadata.json, a model.to_json()), or null.</summary>
    public static string? Version(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("keras_version", out JsonElement v) ? v.GetString() : null;
        }
        catch (JsonException) { return null; }
    }
}
