namespace Unroll.Keras;

/// <summary>
/// Puts the weights read from a Keras file under the network's own tensor names, then hands them to
/// <see cref="Model.LoadWeights(ReadOnlySpan{byte}, string)"/> framed as safetensors, so that one
/// loader checks every shape and value before any weight changes (nothing is half-loaded).
/// Keras 3 native groups are named as Unroll names its layers (<c>snake_case(class)</c>, numbered per
/// class in model order) and matched by name, their <c>vars</c> by position (Keras order, as
/// <see cref="Model.ParameterTensors"/>); legacy files name layers as their config did, so the n-th
/// layer with weights is matched to the n-th, and weights by variable name (kernel, bias, …).
/// </summary>
internal static class KerasWeightMapper
{
    public static void Load(Model model, KerasWeightSet set, string source)
    {
        RefuseUnsupportedLayers(set, source);
        List<List<ParameterTensor>> mine = WeightNames.GroupByLayer(model.ParameterTensors);
        var renamed = new List<(string Name, KerasTensor Tensor)>();
        if (set.MatchByName) MatchByName(model, set, mine, renamed, source);
        else MatchByPosition(model, set, mine, renamed, source);

        using var file = new MemoryStream();
        SafeTensors.WriteHeader(file, [.. renamed.Select(r => (r.Name, (IReadOnlyList<int>)r.Tensor.Shape))], []);
        foreach (var (_, tensor) in renamed) SafeTensors.WriteFloats(file, tensor.Values);
        model.LoadWeights(file.GetBuffer().AsSpan(0, (int)file.Length), source);
    }

    private static void RefuseUnsupportedLayers(KerasWeightSet set, string source)
    {
        foreach (var (name, className) in set.ConfigLayers)
            if (!KerasConfig.SupportedClasses.Contains(className))
                throw new WeightFileException(source,
                    $"its layer '{name}' is a {className}, which Unroll does not have (it has {string.Join(", ", KerasConfig.SupportedClasses.Where(c => c != "InputLayer"))}).");
    }

    private static void MatchByName(Model model, KerasWeightSet set, List<List<ParameterTensor>> mine, List<(string, KerasTensor)> renamed, string source)
    {
        foreach (KerasLayerWeights layer in set.Layers)
        {
            List<ParameterTensor> ours = mine.Find(g => WeightNames.LayerOf(g[0].Name) == layer.Name) ?? throw new WeightFileException(source,
                $"it holds weights for layer '{layer.Name}' ({Shapes(layer.Tensors)}), which {model.Name} does not have; its layers with weights are {Names(mine)}.");
            if (ours.Count != layer.Tensors.Count)
                throw new WeightFileException(source,
                    $"layer '{layer.Name}' holds {layer.Tensors.Count} weights ({Shapes(layer.Tensors)}) but {model.Name}'s has {ours.Count} ({string.Join(", ", ours.Select(t => t.Name))}): a different architecture.");
            for (int i = 0; i < ours.Count; i++) renamed.Add((ours[i].Name, layer.Tensors[i]));
        }
        // A layer of the network that the file lacks is reported by the loader ("tensor … is missing").
    }

    private static void MatchByPosition(Model model, KerasWeightSet set, List<List<ParameterTensor>> mine, List<(string, KerasTensor)> renamed, string source)
    {
        if (set.Layers.Count != mine.Count)
            throw new WeightFileException(source,
                $"the file has {set.Layers.Count} layers with weights ({string.Join(", ", set.Layers.Select(l => l.Name))}) but {model.Name} has {mine.Count} ({Names(mine)}): a different architecture.");
        for (int i = 0; i < mine.Count; i++)
        {
            KerasLayerWeights layer = set.Layers[i];
            foreach (KerasTensor tensor in layer.Tensors)
            {
                ParameterTensor match = mine[i].Find(t => WeightNames.Variable(t.Name) == tensor.Variable) ?? throw new WeightFileException(source,
                    $"layer '{layer.Name}' has weight '{tensor.Variable}', which {model.Name}'s layer '{WeightNames.LayerOf(mine[i][0].Name)}' does not have ({string.Join(", ", mine[i].Select(t => WeightNames.Variable(t.Name)))}).");
                renamed.Add((match.Name, tensor));
            }
        }
    }

    private static string Shapes(IReadOnlyList<KerasTensor> tensors) => string.Join(", ", tensors.Select(t => "(" + string.Join(", ", t.Shape) + ")"));

    private static string Names(List<List<ParameterTensor>> layers) => layers.Count == 0 ? "none" : string.Join(", ", layers.Select(g => WeightNames.LayerOf(g[0].Name)));



}
