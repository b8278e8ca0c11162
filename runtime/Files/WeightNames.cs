namespace Unroll;

/// <summary>
/// Weight names as Keras writes them, <c>layer/variable</c> (<c>dense_1/kernel</c>): the pieces
/// and the grouping every reader of another framework's files matches by (TF.js here, Keras
/// HDF5 in Unroll.Keras).
/// </summary>
internal static class WeightNames
{
    /// <summary><c>dense_1/kernel</c> → <c>dense_1</c>.</summary>
    public static string LayerOf(string name) => name.LastIndexOf('/') is int slash and >= 0 ? name[..slash] : name;

    /// <summary><c>dense_1/kernel</c> → <c>kernel</c>.</summary>
    public static string Variable(string name) => name[(name.LastIndexOf('/') + 1)..];

    /// <summary>
    /// The network's tensors by layer, layers in order of first appearance (Keras order within each):
    /// grouped by name, not by adjacency, so a layer whose non-trainable weights sit apart from its
    /// trainable ones in the buffer is one group.
    /// </summary>
    public static List<List<ParameterTensor>> GroupByLayer(IEnumerable<ParameterTensor> tensors)
    {
        var groups = new List<List<ParameterTensor>>();
        var byLayer = new Dictionary<string, List<ParameterTensor>>(StringComparer.Ordinal);
        foreach (ParameterTensor tensor in tensors)
        {
            string layer = LayerOf(tensor.Name);
            if (!byLayer.TryGetValue(layer, out List<ParameterTensor>? group))
            {
                byLayer.Add(layer, group = []);
                groups.Add(group);
            }
            group.Add(tensor);
        }
        return groups;
    }
}
