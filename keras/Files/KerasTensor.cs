namespace Unroll.Keras;

/// <summary>
/// One weight as a Keras file holds it: its variable name when the file records one
/// (<c>kernel</c>, <c>recurrent_kernel</c>; legacy files) or null (Keras 3 stores <c>vars/0, 1, …</c>
/// by position), its shape in Keras layout and its float32 values.
/// </summary>
internal sealed record KerasTensor(string Path, string? Variable, int[] Shape, float[] Values);

/// <summary>One layer's weights in the file, in the file's order, under the file's name for the layer.</summary>
internal sealed record KerasLayerWeights(string Name, IReadOnlyList<KerasTensor> Tensors);

/// <summary>
/// Everything read from a Keras file: its layers with weights, in model order when the file records
/// it, whether layers are matched to the network by name (Keras 3 native: group names are
/// <c>snake_case(class)</c> numbered per class, the scheme Unroll names its layers by) or by
/// position (legacy: config names), the layer classes of its config, and the Keras version.
/// </summary>
internal sealed record KerasWeightSet(
    string Format,
    IReadOnlyList<KerasLayerWeights> Layers,
    bool MatchByName,
    IReadOnlyList<(string Name, string ClassName)> ConfigLayers,
    string? KerasVersion);
