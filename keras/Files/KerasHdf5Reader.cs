using System.Globalization;
using PureHDF;
using PureHDF.VOL.Native;

namespace Unroll.Keras;

/// <summary>
/// Reads the weights of the three HDF5 layouts Keras writes:
/// Keras 3 native (<c>.weights.h5</c>, and <c>model.weights.h5</c> inside a <c>.keras</c>):
/// <c>layers/&lt;name&gt;/vars/0, 1, …</c>, by position, with sublayers (an LSTM's <c>cell</c>) nested;
/// legacy full model (<c>model.save("x.h5")</c>, Keras 2 and 3): <c>model_weights/&lt;layer&gt;/</c>
/// whose <c>weight_names</c> attribute gives each weight's path under the layer group
/// (<c>lstm_1/kernel:0</c>, <c>kernel</c> or <c>sequential_1/conv2d_2/kernel</c>);
/// Keras 2 <c>save_weights("x.h5")</c>: the same, at the root.
/// </summary>
internal static class KerasHdf5Reader
{
    public static KerasWeightSet Read(Stream hdf5, string source, string? kerasVersion = null, IReadOnlyList<(string, string)>? configLayers = null)
    {
        PureHdfAot.Root();
        NativeFile file;
        try { file = H5File.Open(hdf5, leaveOpen: true); }
        catch (Exception e) when (e is not WeightFileException) { throw new WeightFileException(source, $"not an HDF5 file ({e.Message}).", e); }
        using (file)
        {
            try
            {
                if (file.LinkExists("layers") && file.LinkExists("vars"))
                    return new KerasWeightSet("Keras 3 weights (layers/<name>/vars)", ReadNative(file.Group("layers")), MatchByName: true, configLayers ?? [], kerasVersion);
                if (file.LinkExists("model_weights"))
                {
                    string? version = StringAttribute(file, "keras_version") ?? kerasVersion;
                    IReadOnlyList<(string, string)> layers = StringAttribute(file, "model_config") is { } config ? KerasConfig.Layers(config, source) : configLayers ?? [];
                    return new KerasWeightSet($"legacy HDF5 model (Keras {version ?? "version unknown"})", ReadLegacy(file.Group("model_weights"), source), MatchByName: false, layers, version);
                }
                if (file.AttributeExists("layer_names"))
                    return new KerasWeightSet($"legacy HDF5 weights (Keras {StringAttribute(file, "keras_version") ?? "version unknown"})", ReadLegacy(file, source), MatchByName: false, configLayers ?? [], StringAttribute(file, "keras_version") ?? kerasVersion);
            }
            catch (Exception e) when (e is not WeightFileException)
            {
                throw new WeightFileException(source, $"a malformed Keras HDF5 file ({e.Message}).", e);
            }
            throw new WeightFileException(source, "an HDF5 file without Keras weights: it has neither 'layers' and 'vars' (Keras 3), 'model_weights' (a legacy model) nor a 'layer_names' attribute (legacy weights).");
        }
    }

    // Keras 3: each layer group's vars in index order, then its sublayers' (an LSTM's 'cell') by name.
    private static List<KerasLayerWeights> ReadNative(IH5Group layers)
    {
        var result = new List<KerasLayerWeights>();
        foreach (IH5Object child in layers.Children())
            if (child is IH5Group group)
            {
                var tensors = new List<KerasTensor>();
                CollectNative(group, child.Name, tensors);
                if (tensors.Count > 0) result.Add(new KerasLayerWeights(child.Name, tensors));
            }
        return result;
    }

    private static void CollectNative(IH5Group group, string path, List<KerasTensor> tensors)
    {
        var children = group.Children().ToList();
        if (children.FirstOrDefault(c => c.Name == "vars") is IH5Group vars)
        {
            var indexed = new List<(int Index, IH5Dataset Dataset)>();
            foreach (IH5Object v in vars.Children())
                if (v is IH5Dataset dataset && int.TryParse(v.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                    indexed.Add((index, dataset));
            foreach (var (index, dataset) in indexed.OrderBy(v => v.Index))
                tensors.Add(ReadTensor(dataset, $"{path}/vars/{index}", variable: null));
        }
        foreach (IH5Object child in children.OrderBy(c => c.Name, StringComparer.Ordinal))
            if (child.Name != "vars" && child is IH5Group sub) CollectNative(sub, path + "/" + child.Name, tensors);
    }

    // Legacy: layer_names gives the model's order; each layer's weight_names its weights' paths and order.
    private static List<KerasLayerWeights> ReadLegacy(IH5Group root, string source)
    {
        var result = new List<KerasLayerWeights>();
        foreach (string layer in StringArrayAttribute(root, "layer_names"))
        {
            if (!root.LinkExists(layer)) throw new WeightFileException(source, $"'layer_names' lists '{layer}' but the file has no such group.");
            IH5Group group = root.Group(layer);
            var tensors = new List<KerasTensor>();
            foreach (string weight in StringArrayAttribute(group, "weight_names"))
            {
                if (!group.LinkExists(weight)) throw new WeightFileException(source, $"layer '{layer}' lists weight '{weight}' but the file has no such dataset.");
                string variable = weight[(weight.LastIndexOf('/') + 1)..];
                if (variable.EndsWith(":0", StringComparison.Ordinal)) variable = variable[..^2];
                tensors.Add(ReadTensor(group.Dataset(weight), layer + "/" + weight, variable));
            }
            if (tensors.Count > 0) result.Add(new KerasLayerWeights(layer, tensors));
        }
        return result;
    }

    private static KerasTensor ReadTensor(IH5Dataset dataset, string path, string? variable)
    {
        int[] shape = [.. dataset.Space.Dimensions.Select(d => checked((int)d))];
        IH5DataType type = dataset.Type;
        long count = 1;
        foreach (int d in shape) count = checked(count * d);
        if (count > Array.MaxLength) throw new WeightFileException(path, $"weight '{path}' has {count} values, more than Unroll reads.");
        var values = new float[count];
        // The span overloads read unmanaged elements without reflection (NativeAOT-safe).
        var native = (NativeDataset)dataset;
        if (type.Class == H5DataTypeClass.FloatingPoint && type.Size == 4) native.Read<float>(values.AsSpan());
        else if (type.Class == H5DataTypeClass.FloatingPoint && type.Size == 8)
        {
            var doubles = new double[count];
            native.Read<double>(doubles.AsSpan());
            for (int i = 0; i < doubles.Length; i++) values[i] = (float)doubles[i];
        }
        else throw new WeightFileException(path, $"weight '{path}' is of HDF5 type {type.Class} ({type.Size} bytes); Unroll reads float32 and float64 weights.");
        return new KerasTensor(path, variable, shape, values);
    }

    /// <summary>A scalar string attribute (variable or fixed length), or null when absent.</summary>
    public static string? StringAttribute(IH5Object owner, string name)
    {
        if (!owner.AttributeExists(name)) return null;
        IH5Attribute attribute = owner.Attribute(name);
        return IsString(attribute.Type) ? attribute.Read<string>() : null;
    }

    // A string array attribute; Keras 3 writes an empty one as an empty float64 array.
    private static string[] StringArrayAttribute(IH5Object owner, string name)
    {
        if (!owner.AttributeExists(name)) return [];
        IH5Attribute attribute = owner.Attribute(name);
        if (!IsString(attribute.Type)) return [];
        return attribute.Space.Dimensions.Length == 0 ? [attribute.Read<string>()] : attribute.Read<string[]>();
    }

    private static bool IsString(IH5DataType type)
        => type.Class == H5DataTypeClass.String || type.Class == H5DataTypeClass.VariableLength;
}
