using System.Text.Json;

namespace Unroll;

/// <summary>
/// Reads the weights of a TensorFlow.js layers model: <c>model.json</c>'s <c>weightsManifest</c>
/// lists the weights (name, shape, dtype) of each group and the <c>.bin</c> shards that hold them
/// back to back. TF.js names weights after its own layer names (<c>dense_Dense1/kernel</c>), so
/// the n-th layer with weights in the file is matched to the n-th in the network, by its
/// variable names (kernel, recurrent_kernel, bias, embeddings) and shapes — both in Keras layout.
/// </summary>
internal static class TensorFlowJsWeights
{
    private const int MaxManifestBytes = 64 << 20;

    public static void Load(Model model, string modelJsonPath)
    {
        byte[] json = SafeTensors.ReadFile(modelJsonPath);
        if (json.Length > MaxManifestBytes)
            throw new WeightFileException(modelJsonPath, $"{json.Length} bytes is too large for a model.json.");
        List<(string Name, int[] Shape)> manifest;
        List<string> shards;
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            (manifest, shards) = ReadManifest(document.RootElement, modelJsonPath);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new WeightFileException(modelJsonPath, $"not a valid layers-model JSON ({e.Message}).", e);
        }

        // The shards of all groups, concatenated in manifest order, hold the weights back to back.
        string folder = Path.GetDirectoryName(Path.GetFullPath(modelJsonPath)) ?? ".";
        long expectedBytes = 0;
        foreach (var (name, shape) in manifest)
        {
            long count = Count(shape);
            if (count > Array.MaxLength) throw new WeightFileException(modelJsonPath, $"weight '{name}' has {count} values, more than a weight file can hold.");
            expectedBytes += count * sizeof(float);
        }
        long available = 0;
        foreach (string shard in shards)
        {
            string path = Path.Combine(folder, shard);
            if (!File.Exists(path)) throw new WeightFileException(modelJsonPath, $"its weight shard '{shard}' is not beside it.");
            available += new FileInfo(path).Length;
        }
        if (available != expectedBytes)
            throw new WeightFileException(modelJsonPath, $"the manifest lists {expectedBytes} bytes of float32 weights but its shards hold {available}.");
        var data = new byte[expectedBytes];
        int at = 0;
        foreach (string shard in shards)
        {
            byte[] bytes = SafeTensors.ReadFile(Path.Combine(folder, shard));
            bytes.CopyTo(data, at);
            at += bytes.Length;
        }

        model.LoadWeights(ToSafeTensors(model, manifest, data, modelJsonPath), modelJsonPath);
    }

    private static (List<(string, int[])> Weights, List<string> Shards) ReadManifest(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("weightsManifest", out JsonElement groups) || groups.ValueKind != JsonValueKind.Array)
            throw new WeightFileException(source, "it has no 'weightsManifest': not a TensorFlow.js layers model.");
        var weights = new List<(string, int[])>();
        var shards = new List<string>();
        foreach (JsonElement group in groups.EnumerateArray())
        {
            foreach (JsonElement path in group.GetProperty("paths").EnumerateArray())
            {
                string shard = path.GetString() ?? "";
                // Shards sit beside model.json; a path that leaves the folder is refused.
                if (shard.Length == 0 || Path.IsPathRooted(shard) || shard.Contains(".."))
                    throw new WeightFileException(source, $"the weight shard path '{shard}' is not a file name beside model.json.");
                shards.Add(shard);
            }
            foreach (JsonElement weight in group.GetProperty("weights").EnumerateArray())
            {
                string name = weight.GetProperty("name").GetString() ?? "";
                string dtype = weight.TryGetProperty("dtype", out JsonElement d) ? d.GetString() ?? "" : "float32";
                if (dtype != "float32")
                    throw new WeightFileException(source, $"weight '{name}' is {dtype}; Unroll reads float32 weights.");
                if (weight.TryGetProperty("quantization", out _))
                    throw new WeightFileException(source, $"weight '{name}' is quantized; export the model without quantization.");
                int[] shape = [.. weight.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32())];
                if (Array.Exists(shape, s => s < 0) || shape.Length > 8)
                    throw new WeightFileException(source, $"weight '{name}' has a malformed shape.");
                weights.Add((name, shape));
            }
        }
        return (weights, shards);
    }

    // Renames the TF.js weights to the network's Keras names (layer by layer, in order) and wraps
    // them as safetensors bytes, so one loader checks shapes and values for every format.
    private static byte[] ToSafeTensors(Model model, List<(string Name, int[] Shape)> manifest, byte[] data, string source)
    {
        List<List<ParameterTensor>> mine = GroupByLayer(model.ParameterTensors, t => t.Name);
        var theirs = GroupByLayer(manifest, w => w.Name);
        if (theirs.Count != mine.Count)
            throw new WeightFileException(source, $"the file has {theirs.Count} layers with weights but {model.Name} has {mine.Count}: a different architecture.");
        var renamed = new List<(string, int[])>();
        for (int layer = 0; layer < mine.Count; layer++)
        {
            if (theirs[layer].Count != mine[layer].Count)
                throw new WeightFileException(source, $"layer {theirs[layer][0].Name.Split('/')[0]} has {theirs[layer].Count} weights but {model.Name}'s layer {mine[layer][0].Name.Split('/')[0]} has {mine[layer].Count}.");
            for (int i = 0; i < mine[layer].Count; i++)
            {
                string variable = Variable(theirs[layer][i].Name), expected = Variable(mine[layer][i].Name);
                if (variable != expected)
                    throw new WeightFileException(source, $"weight '{theirs[layer][i].Name}' is where {model.Name} has '{mine[layer][i].Name}'.");
                renamed.Add((mine[layer][i].Name, theirs[layer][i].Shape));
            }
        }
        using var stream = new MemoryStream();
        SafeTensors.WriteHeader(stream, renamed, []);
        stream.Write(data);
        return stream.ToArray();
    }

    private static string Variable(string name) => name[(name.LastIndexOf('/') + 1)..];

    private static List<List<T>> GroupByLayer<T>(IEnumerable<T> items, Func<T, string> name)
    {
        var groups = new List<List<T>>();
        string? current = null;
        foreach (T item in items)
        {
            string full = name(item);
            string layer = full.LastIndexOf('/') is int slash and >= 0 ? full[..slash] : full;
            if (layer != current) groups.Add([]);
            current = layer;
            groups[^1].Add(item);
        }
        return groups;
    }

    private static long Count(int[] shape)
    {
        long count = 1;
        foreach (int d in shape) count = Math.Min(count * d, long.MaxValue / int.MaxValue); // saturates: no overflow
        return count;
    }
}
