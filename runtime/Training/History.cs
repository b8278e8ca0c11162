namespace Unroll;

/// <summary>What <see cref="Model.Fit(float[], float[], int, int, int, double, ValueTuple{float[], float[]}?, bool, int?, IReadOnlyList{Callback}?)"/> recorded: one value per epoch for the loss and every metric (Keras <c>History.history</c>).</summary>
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

    private readonly List<int> _epochs = [];

    /// <summary>
    /// The epochs recorded, numbered from 0 as Keras's <c>history.epoch</c> (<c>[0, 1, …]</c>);
    /// fewer than asked for when a callback stopped training. It converts to <c>int</c> as the
    /// count of epochs, as this property was before it listed them.
    /// </summary>
    public EpochList Epochs => new(_epochs);

    /// <summary>The per-epoch values of <paramref name="key"/>, e.g. <c>history["val_loss"]</c>.</summary>
    public IReadOnlyList<float> this[string key]
        => _values.TryGetValue(key, out List<float>? series) ? series
           : throw Logs.MissingName(key, "History's series", _keys.ToArray());

    /// <summary>Whether a series was recorded.</summary>
    public bool Contains(string key) => _values.ContainsKey(key);

    internal void AddEpoch(int epoch, string[] names, float[] values)
    {
        _epochs.Add(epoch);
        for (int i = 0; i < names.Length; i++) _values[names[i]].Add(values[i]);
    }
}
