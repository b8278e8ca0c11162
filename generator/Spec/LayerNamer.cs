using System.Collections.Generic;

namespace Unroll.Generator.Spec;

/// <summary>
/// Names layers as Keras names them when the model does not: by base name, counting from the
/// second of each (<c>dense</c>, <c>activation</c>, <c>dense_1</c>). One per network.
/// </summary>
internal sealed class LayerNamer
{
    private readonly Dictionary<string, int> _counts = new();

    /// <summary>The automatic name of the next layer of <paramref name="kind"/>.</summary>
    public string Next(LayerKind kind)
    {
        _counts.TryGetValue(kind.BaseName, out int count);
        _counts[kind.BaseName] = count + 1;
        return kind.AutomaticName(count);
    }
}
