using System.Globalization;

namespace Unroll;

/// <summary>The loss and metrics of <see cref="Model.Evaluate(float[], float[], int)"/>.</summary>
public sealed class Evaluation
{
    private readonly string[] _names;
    private readonly float[] _values;

    internal Evaluation(string[] names, float[] values)
    {
        _names = names;
        _values = values;
    }

    /// <summary>The mean loss, including regularisation penalties as Keras reports it.</summary>
    public float Loss => _values[0];

    /// <summary>The names: <c>loss</c>, then each metric.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The value of <c>loss</c> or of a metric by name, e.g. <c>score["accuracy"]</c>.</summary>
    public float this[string name]
    {
        get
        {
            int i = Array.IndexOf(_names, name);
            return i >= 0 ? _values[i] : throw new KeyNotFoundException($"No result '{name}'; there are {string.Join(", ", _names)}.");
        }
    }

    /// <summary>Keras-style <c>loss: 0.4710 - accuracy: 0.7734</c>.</summary>
    public override string ToString()
        => string.Join(" - ", _names.Select((n, i) => string.Create(CultureInfo.InvariantCulture, $"{n}: {_values[i]:0.0000}")));
}
