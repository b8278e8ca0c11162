using System.Text.Json;

namespace Unroll.Tests.Data;

/// <summary>
/// The stand-ins for Keras's dataset files and NumPy's answers for them, written by
/// tests/reference/make_dataset_fixtures.py (NumPy's own np.savez, np.save and RandomState).
/// </summary>
internal static class DatasetFixtures
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "datasets");

    public static string File(string name) => Path.Combine(Folder, name);

    private static readonly Lazy<JsonElement> LazyReference =
        new(() => JsonDocument.Parse(System.IO.File.ReadAllText(File("reference.json"))).RootElement);

    public static JsonElement Expected => LazyReference.Value;

    public static int[][] Sequences(JsonElement array) => [.. array.EnumerateArray().Select(s => s.EnumerateArray().Select(w => w.GetInt32()).ToArray())];

    public static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(v => (float)v.GetDouble())];

    public static float[] FlatFloats(JsonElement rows) => [.. rows.EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(v => (float)v.GetDouble())];

    public static int? OptionalInt(JsonElement args, string name, int? otherwise)
        => args.TryGetProperty(name, out JsonElement v) ? (v.ValueKind == JsonValueKind.Null ? null : v.GetInt32()) : otherwise;

    public static double Double(JsonElement args, string name, double otherwise)
        => args.TryGetProperty(name, out JsonElement v) ? v.GetDouble() : otherwise;
}
