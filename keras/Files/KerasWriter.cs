using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using PureHDF;

namespace Unroll.Keras;

/// <summary>
/// Writes a network's weights as Keras writes them. Keras 3 native (<c>.weights.h5</c>, and
/// <c>model.weights.h5</c> inside a <c>.keras</c>): <c>layers/&lt;snake_case(class)[_n]&gt;/vars/0, 1, …</c>
/// for every layer in model order (empty <c>vars</c> for layers without weights; an LSTM's weights under
/// its <c>cell</c>, as Keras 3's LSTM owns them through its cell) and an empty root <c>vars</c>, which
/// Keras 3's loader opens for the model itself. Legacy (<c>save_weights("x.h5")</c> of Keras 2): root
/// attributes <c>layer_names</c>, <c>backend</c>, <c>keras_version</c>; per layer a group with
/// <c>weight_names</c> and the datasets at <c>&lt;layer&gt;/&lt;layer&gt;/kernel:0</c>.
/// Optimizer state is not written.
/// </summary>
internal static class KerasWriter
{
    /// <summary>The Keras version whose format the files follow (written into metadata.json).</summary>
    public const string FormatVersion = "3.11.3";

    /// <summary>The Keras 2 version the legacy weights file claims: its layout is Keras 2's save_weights.</summary>
    public const string LegacyVersion = "2.15.0";

    public static void WriteWeights(Model model, Stream stream) => stream.Write(Bytes(NativeFile(model)));

    public static void WriteArchive(Model model, Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        // Keras writes the three members stored, not deflated; so does this.
        string date = DateTime.UtcNow.ToString("yyyy-MM-dd@HH:mm:ss", CultureInfo.InvariantCulture);
        Write(zip, KerasArchive.Metadata, Encoding.UTF8.GetBytes($"{{\"keras_version\": \"{FormatVersion}\", \"date_saved\": \"{date}\"}}"));
        Write(zip, KerasArchive.Config, Encoding.UTF8.GetBytes(model.ToJson()));
        Write(zip, KerasArchive.Weights, Bytes(NativeFile(model)));
    }

    public static void WriteLegacyWeights(Model model, Stream stream)
    {
        var file = new H5File();
        AddLegacyWeights(model, file, LegacyVersion);
        stream.Write(Bytes(file));
    }

    /// <summary>
    /// A legacy full model, as Keras 3's <c>model.save("x.h5")</c> writes it: root attributes <c>model_config</c>
    /// (Keras 3's <c>to_json</c>, the network's <see cref="Model.ToJson"/>), <c>keras_version</c>, <c>backend</c>;
    /// the weights in <c>model_weights/</c>, laid out as Keras 2's (which both versions' loaders follow by <c>weight_names</c>).
    /// </summary>
    public static void WriteLegacyModel(Model model, Stream stream)
    {
        var weights = new H5Group();
        AddLegacyWeights(model, weights, FormatVersion);
        var file = new H5File { ["model_weights"] = weights };
        file.Attributes["model_config"] = model.ToJson();
        file.Attributes["keras_version"] = FormatVersion;
        file.Attributes["backend"] = "tensorflow";
        stream.Write(Bytes(file));
    }

    // Keras 2's save_weights layout into root: per layer a group with weight_names and <layer>/<layer>/kernel:0.
    private static void AddLegacyWeights(Model model, H5Group root, string kerasVersion)
    {
        var layerNames = new List<string>();
        foreach (var (layer, tensors) in WeightsByLayer(model))
        {
            var group = new H5Group();
            var inner = new H5Group();
            var names = new List<string>();
            foreach (ParameterTensor tensor in tensors)
            {
                string variable = tensor.Name[(tensor.Name.LastIndexOf('/') + 1)..] + ":0";
                inner[variable] = Dataset(model, tensor);
                names.Add(layer + "/" + variable);
            }
            group[layer] = inner;
            group.Attributes["weight_names"] = names.ToArray();
            root[layer] = group;
            layerNames.Add(layer);
        }
        root.Attributes["layer_names"] = layerNames.ToArray();
        root.Attributes["backend"] = "tensorflow";
        root.Attributes["keras_version"] = kerasVersion;
    }

    // PureHDF writes to a readable, seekable stream; the atomic file's is write-only, so the file is built in memory.
    private static byte[] Bytes(H5File file)
    {
        PureHdfAot.Root();
        using var memory = new MemoryStream();
        file.Write(memory);
        return memory.ToArray();
    }

    private static H5File NativeFile(Model model)
    {
        Dictionary<string, List<ParameterTensor>> weights = WeightsByLayer(model).ToDictionary(l => l.Layer, l => l.Tensors);
        var layers = new H5Group();
        foreach (var (name, className) in KerasLayers(model))
        {
            List<ParameterTensor> tensors = weights.GetValueOrDefault(name) ?? [];
            weights.Remove(name);
            var vars = new H5Group();
            for (int i = 0; i < tensors.Count; i++) vars[i.ToString(CultureInfo.InvariantCulture)] = Dataset(model, tensors[i]);
            layers[name] = className == "LSTM"
                ? new H5Group { ["vars"] = new H5Group(), ["cell"] = new H5Group { ["vars"] = vars } }
                : new H5Group { ["vars"] = vars };
        }
        if (weights.Count > 0)
            throw new InvalidOperationException($"{model.Name}: the weights of {string.Join(", ", weights.Keys)} belong to no layer of its Keras config.");
        return new H5File { ["layers"] = layers, ["vars"] = new H5Group() };
    }

    // The model's layers in order, named as Keras 3's saving names them: snake_case(class), then _1, _2, … per class.
    private static List<(string Name, string ClassName)> KerasLayers(Model model)
    {
        var result = new List<(string, string)>();
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, className) in KerasConfig.Layers(model.ToJson(), model.Name))
        {
            if (className == "InputLayer") continue;
            string name = SnakeCase(className);
            if (used.TryGetValue(name, out int count))
            {
                used[name] = count + 1;
                name = $"{name}_{count + 1}";
            }
            else used[name] = 0;
            result.Add((name, className));
        }
        return result;
    }

    /// <summary>Keras's <c>naming.to_snake_case</c>: Conv2D → conv2d, MaxPooling2D → max_pooling2d, LSTM → lstm.</summary>
    internal static string SnakeCase(string className)
    {
        // re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name); re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
        string step = System.Text.RegularExpressions.Regex.Replace(className, "(.)([A-Z][a-z]+)", "$1_$2");
        return System.Text.RegularExpressions.Regex.Replace(step, "([a-z])([A-Z])", "$1_$2").ToLowerInvariant();
    }

    private static List<(string Layer, List<ParameterTensor> Tensors)> WeightsByLayer(Model model)
    {
        var result = new List<(string, List<ParameterTensor>)>();
        foreach (ParameterTensor tensor in model.ParameterTensors)
        {
            string layer = tensor.Name[..tensor.Name.LastIndexOf('/')];
            if (result.Count == 0 || result[^1].Item1 != layer) result.Add((layer, []));
            result[^1].Item2.Add(tensor);
        }
        return result;
    }

    private static H5Dataset Dataset(Model model, ParameterTensor tensor)
        => new(model.Weights.Slice(tensor.Offset, tensor.Length).ToArray(), fileDims: [.. tensor.Shape.Select(d => (ulong)d)]);

    private static void Write(ZipArchive zip, string name, byte[] bytes)
    {
        using Stream entry = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        entry.Write(bytes);
    }
}
