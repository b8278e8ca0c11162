namespace Unroll;

/// <summary>
/// Encodes text labels as class ids 0 … n−1 (scikit-learn <c>LabelEncoder</c>): <see cref="Fit"/>
/// learns the distinct labels, sorted by ordinal (code-point) order as NumPy sorts strings, and
/// a label's id is its index there. The ids are floats, the type Fit and
/// <see cref="OneHot.ToCategorical(ReadOnlySpan{float}, int?)"/> take.
/// </summary>
public sealed class LabelEncoder
{
    private string[]? _classes;
    private Dictionary<string, int>? _ids;

    /// <summary>Whether <see cref="Fit"/> has run.</summary>
    public bool IsFitted => _classes is not null;

    /// <summary>The distinct labels, sorted (scikit-learn <c>classes_</c>); label <c>i</c> is class id <c>i</c>.</summary>
    /// <exception cref="InvalidOperationException">The encoder is not fitted.</exception>
    public IReadOnlyList<string> Classes => Array.AsReadOnly(_classes ?? throw NotFitted());

    /// <summary>Learns the distinct labels of <paramref name="labels"/>.</summary>
    /// <returns>This encoder, for chaining.</returns>
    /// <exception cref="ArgumentException">A label is null, or there are none.</exception>
    public LabelEncoder Fit(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        int index = 0;
        foreach (string label in labels)
        {
            if (label is null) throw new ArgumentException($"Label {index} is null; every label needs a value.", nameof(labels));
            distinct.Add(label);
            index++;
        }
        if (distinct.Count == 0) throw new ArgumentException("LabelEncoder.Fit needs at least one label.", nameof(labels));
        string[] classes = [.. distinct];
        Array.Sort(classes, StringComparer.Ordinal);
        _classes = classes;
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < classes.Length; i++) _ids.Add(classes[i], i);
        return this;
    }

    /// <summary>The class id of each label.</summary>
    /// <exception cref="InvalidOperationException">The encoder is not fitted.</exception>
    /// <exception cref="ArgumentException">A label was not seen by <see cref="Fit"/>.</exception>
    public float[] Transform(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Dictionary<string, int> ids = _ids ?? throw NotFitted();
        var result = new List<float>();
        foreach (string label in labels)
        {
            if (label is null || !ids.TryGetValue(label, out int id))
                throw new ArgumentException(
                    $"Label {result.Count} is {(label is null ? "null" : $"'{label}'")}, which was not seen by Fit; the classes are {Describe()}.", nameof(labels));
            result.Add(id);
        }
        return [.. result];
    }

    /// <summary>Fits on <paramref name="labels"/>, then transforms them.</summary>
    public float[] FitTransform(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        IReadOnlyCollection<string> list = labels as IReadOnlyCollection<string> ?? [.. labels]; // enumerate once
        return Fit(list).Transform(list);
    }

    /// <summary>The label of each class id (whole numbers in [0, <see cref="Classes"/>.Count)).</summary>
    /// <exception cref="InvalidOperationException">The encoder is not fitted.</exception>
    /// <exception cref="ArgumentException">An id is not a whole number in range.</exception>
    public string[] InverseTransform(ReadOnlySpan<float> ids)
    {
        string[] classes = _classes ?? throw NotFitted();
        var labels = new string[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            float id = ids[i];
            if (!(id >= 0 && id < classes.Length) || id != MathF.Floor(id))
                throw new ArgumentException($"Id {i} is {id}; expected a whole number in [0, {classes.Length}) for the classes {Describe()}.", nameof(ids));
            labels[i] = classes[(int)id];
        }
        return labels;
    }

    /// <summary>The label of each class id, as <see cref="Model.PredictClasses(Matrix)"/> returns them.</summary>
    public string[] InverseTransform(ReadOnlySpan<int> ids)
    {
        string[] classes = _classes ?? throw NotFitted();
        var labels = new string[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            if ((uint)ids[i] >= (uint)classes.Length)
                throw new ArgumentException($"Id {i} is {ids[i]}; expected a whole number in [0, {classes.Length}) for the classes {Describe()}.", nameof(ids));
            labels[i] = classes[ids[i]];
        }
        return labels;
    }

    // At most ten classes in a message: a label column can hold thousands.
    private string Describe()
        => string.Join(", ", _classes!.Take(10).Select(c => $"'{c}'")) + (_classes!.Length > 10 ? $", … ({_classes.Length} in all)" : "");

    private static InvalidOperationException NotFitted() => new("LabelEncoder is not fitted yet; call Fit or FitTransform first.");
}
