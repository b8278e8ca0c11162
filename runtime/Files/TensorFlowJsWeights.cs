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
        byte[] json = SafeTensors.ReadOtherFile(modelJsonPath, MaxManifestBytes, "model.json");
        List<(string Name, int[] Shape)> manifest;
        List<string> shards, layerOrder;
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            (manifest, shards) = ReadManifest(document.RootElement, modelJsonPath);
            layerOrder = LayerOrder(document.RootElement, manifest);
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
        // Renamed to the network's Keras names and framed as safetensors (header, then the shards
        // in order), so one loader checks shapes and values for every format.
        using var file = new MemoryStream();
        SafeTensors.WriteHeader(file, Rename(model, manifest, layerOrder, modelJsonPath), []);
        foreach (string shard in shards) file.Write(SafeTensors.ReadOtherFile(Path.Combine(folder, shard), Array.MaxLength, "weight shard"));
        model.LoadWeights(file.GetBuffer().AsSpan(0, (int)file.Length), modelJsonPath);
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

    // The manifest's weights, in its order, under the network's Keras names. The manifest lists
    // trainable weights before non-trainable ones, so layers are found by name, not position.
    private static List<(string, IReadOnlyList<int>)> Rename(Model model, List<(string Name, int[] Shape)> manifest, List<string> layerOrder, string source)
    {
        List<List<ParameterTensor>> mine = WeightNames.GroupByLayer(model.ParameterTensors);
        var theirs = new List<(string Layer, List<int> Weights)>();
        foreach (string layer in layerOrder)
        {
            var weights = new List<int>();
            for (int i = 0; i < manifest.Count; i++)
                if (manifest[i].Name.StartsWith(layer + "/", StringComparison.Ordinal)) weights.Add(i);
            if (weights.Count > 0) theirs.Add((layer, weights));
        }
        int placedCount = theirs.Sum(t => t.Weights.Count);
        if (placedCount != manifest.Count)
            throw new WeightFileException(source, $"{manifest.Count - placedCount} weights of the manifest belong to no layer of the topology.");
        if (theirs.Count != mine.Count)
            throw new WeightFileException(source, $"the file has {theirs.Count} layers with weights but {model.Name} has {mine.Count}: a different architecture.");

        var renamed = new string?[manifest.Count];
        for (int layer = 0; layer < mine.Count; layer++)
        {
            var (name, weights) = theirs[layer];
            string ours = WeightNames.LayerOf(mine[layer][0].Name);
            foreach (int w in weights)
            {
                string variable = WeightNames.Variable(manifest[w].Name);
                ParameterTensor? match = mine[layer].Find(t => WeightNames.Variable(t.Name) == variable);
                renamed[w] = match?.Name ?? throw new WeightFileException(source,
                    $"layer '{name}' has weight '{variable}', which {model.Name}'s layer '{ours}' does not have ({string.Join(", ", mine[layer].Select(t => WeightNames.Variable(t.Name)))}).");
            }
        }
        var tensors = new List<(string, IReadOnlyList<int>)>();
        for (int i = 0; i < manifest.Count; i++) tensors.Add((renamed[i]!, manifest[i].Shape));
        return tensors;
    }

    // The layer names of the topology in order (tfjs writes modelTopology.config.layers; the Python
    // converter nests it in model_config); without a topology, the order of first appearance.
    private static List<string> LayerOrder(JsonElement root, List<(string Name, int[] Shape)> manifest)
    {
        var names = new List<string>();
        if (root.TryGetProperty("modelTopology", out JsonElement topology))
        {
            if (topology.TryGetProperty("model_config", out JsonElement nested)) topology = nested;
            if (topology.TryGetProperty("config", out JsonElement config))
            {
                JsonElement layers = config.ValueKind == JsonValueKind.Array ? config
                    : config.TryGetProperty("layers", out JsonElement l) ? l : default;
                if (layers.ValueKind == JsonValueKind.Array)
                    foreach (JsonElement layer in layers.EnumerateArray())
                        if (layer.TryGetProperty("config", out JsonElement c) && c.TryGetProperty("name", out JsonElement n) && n.GetString() is { } name)
                            names.Add(name);
            }
        }
        foreach (var (name, _) in manifest)
            if (!names.Contains(WeightNames.LayerOf(name))) names.Add(WeightNames.LayerOf(name));
        return names;
    }




    private static long Count(int[] shape)
    {
        long count = 1;
        foreach (int d in shape) count = Math.Min(count * d, long.MaxValue / int.MaxValue); // saturates: no overflow
        return count;
    }
}
