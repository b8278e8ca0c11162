namespace Unroll;

/// <summary>What <see cref="Model.Fit(float[], float[], int, int, int, double, ValueTuple{float[], float[]}?, bool, int?)"/> recorded: one value per epoch for the loss and every metric (Keras <c>History.history</c>).</summary>
public sealed class History
{
    private readonly Dictionary<string, List<float>> _values = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];

    internal History(IEnumerable<string> keys, int epochs, int trainSamples, int validationSamples)
    {
        TrainSamples = trainSamples;
        ValidationSamples = validationSamples;
        foreach (string key in keys)
        {
            _keys.Add(key);
            _values[key] = new List<float>(epochs);
        }
    }

    /// <summary>The recorded series, in log order: loss, metrics, then their validation counterparts.</summary>
    public IReadOnlyList<string> Keys => _keys;

    /// <summary>The samples trained on per epoch (all of them, less what <c>validationSplit</c> held out).</summary>
    public int TrainSamples { get; }

    /// <summary>The samples validated on after each epoch; 0 without validation.</summary>
    public int ValidationSamples { get; }

    /// <summary>
    /// The first step whose loss was NaN or infinite (training diverged: the weights are no longer
    /// finite), or null. Fit also says so in its log when it happens.
    /// </summary>
    public TrainingStep? FirstNonFiniteLoss { get; internal set; }

    /// <summary>The number of epochs recorded.</summary>
    public int Epochs => _keys.Count == 0 ? 0 : _values[_keys[0]].Count;

    /// <summary>The per-epoch values of <paramref name="key"/>, e.g. <c>history["val_loss"]</c>.</summary>
    public IReadOnlyList<float> this[string key]
        => _values.TryGetValue(key, out List<float>? series) ? series
           : throw new KeyNotFoundException($"History has no series '{key}'; it has {string.Join(", ", _keys)}.");

    /// <summary>Whether a series was recorded.</summary>
    public bool Contains(string key) => _values.ContainsKey(key);

    internal void Add(string key, float value) => _values[key].Add(value);
}
