using System.Globalization;
using System.Text;

namespace Unroll;

/// <summary>
/// The values a <see cref="Callback"/> is given, by Keras name (<c>loss</c>, <c>accuracy</c>,
/// <c>val_loss</c>, …): a read-only view over Fit's own buffers, so reading it allocates nothing.
/// Valid only during the hook it was passed to.
/// </summary>
public readonly struct Logs
{
    private readonly string[]? _names;
    private readonly float[]? _values;
    private readonly int _count;

    internal Logs(string[] names, float[] values, int count)
    {
        _names = names;
        _values = values;
        _count = count;
    }

    /// <summary>The number of values.</summary>
    public int Count => _count;

    /// <summary>The names, in log order: loss, the metrics, then their <c>val_</c> counterparts.</summary>
    public ReadOnlySpan<string> Names => _names.AsSpan(0, _count);

    /// <summary>The values, in the order of <see cref="Names"/>.</summary>
    public ReadOnlySpan<float> Values => _values.AsSpan(0, _count);

    /// <summary>The value logged as <paramref name="name"/>, e.g. <c>logs["val_loss"]</c>.</summary>
    public float this[string name]
        => TryGetValue(name, out float value) ? value : throw MissingName(name, "The logs", Names);

    /// <summary>Whether <paramref name="name"/> was logged.</summary>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>The value logged as <paramref name="name"/>, when it was.</summary>
    public bool TryGetValue(string name, out float value)
    {
        int i = IndexOf(name);
        value = i >= 0 ? _values![i] : float.NaN;
        return i >= 0;
    }

    private int IndexOf(string name)
    {
        for (int i = 0; i < _count; i++)
            if (string.Equals(_names![i], name, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>Keras-style <c>loss: 0.4710 - accuracy: 0.7734</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (int i = 0; i < _count; i++)
            text.Append(i == 0 ? "" : " - ").Append(CultureInfo.InvariantCulture, $"{_names![i]}: {_values![i]:0.0000}");
        return text.ToString();
    }

    /// <summary>
    /// The error for a name that was not logged. Keras 2 logged accuracy as <c>acc</c>; Keras 3
    /// (and Unroll) call it <c>accuracy</c>, so those names get a hint.
    /// </summary>
    internal static KeyNotFoundException MissingName(string name, string what, ReadOnlySpan<string> names)
    {
        string hint = name switch
        {
            "acc" => " Keras 3 names it 'accuracy' ('acc' was Keras 2's name).",
            "val_acc" => " Keras 3 names it 'val_accuracy' ('val_acc' was Keras 2's name).",
            _ => "",
        };
        string known = names.Length == 0 ? "nothing" : string.Join(", ", names.ToArray());
        return new KeyNotFoundException($"{what} have no '{name}'; they have {known}.{hint}");
    }
}
