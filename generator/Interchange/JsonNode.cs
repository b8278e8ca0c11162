using System.Collections.Generic;
using System.Globalization;

namespace Unroll.Generator.Interchange;

/// <summary>
/// A parsed JSON value with the offset where it starts in the text, so diagnostics can point into
/// the file. The generator cannot carry System.Text.Json (analyzers load no extra assemblies
/// reliably on every host), so <see cref="JsonParser"/> is a small reader of its own.
/// </summary>
internal abstract class JsonNode(int start)
{
    public int Start { get; } = start;

    public JsonNode? this[string key] => this is JsonObject o && o.TryGet(key, out JsonNode? value) ? value : null;

    public string? AsString => (this as JsonString)?.Value;

    public double? AsNumber => (this as JsonNumber)?.Value;

    public bool? AsBool => (this as JsonBool)?.Value;

    public bool IsNull => this is JsonNull;

    /// <summary>A short rendering for messages.</summary>
    public abstract string Display { get; }
}

internal sealed class JsonObject(int start, List<KeyValuePair<string, JsonNode>> members) : JsonNode(start)
{
    public IReadOnlyList<KeyValuePair<string, JsonNode>> Members { get; } = members;

    public bool TryGet(string key, out JsonNode? value)
    {
        foreach (var member in Members)
            if (member.Key == key)
            {
                value = member.Value;
                return true;
            }
        value = null;
        return false;
    }

    public override string Display => "{…}";
}

internal sealed class JsonArray(int start, List<JsonNode> items) : JsonNode(start)
{
    public IReadOnlyList<JsonNode> Items { get; } = items;

    public override string Display => "[" + string.Join(", ", System.Linq.Enumerable.Select(Items, i => i.Display)) + "]";
}

internal sealed class JsonString(int start, string value) : JsonNode(start)
{
    public string Value { get; } = value;

    public override string Display => "\"" + Value + "\"";
}

internal sealed class JsonNumber(int start, double value) : JsonNode(start)
{
    public double Value { get; } = value;

    public override string Display => Value.ToString("R", CultureInfo.InvariantCulture);
}

internal sealed class JsonBool(int start, bool value) : JsonNode(start)
{
    public bool Value { get; } = value;

    public override string Display => Value ? "true" : "false";
}

internal sealed class JsonNull(int start) : JsonNode(start)
{
    public override string Display => "null";
}
