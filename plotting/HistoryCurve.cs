namespace Unroll.Plotting;

/// <summary>
/// One line of a <see cref="HistoryChart"/>: a series of the <see cref="History"/> by its Keras name
/// (<c>loss</c>, <c>val_loss</c>), its legend label, and the points drawn — epoch numbers and values.
/// </summary>
public sealed class HistoryCurve
{
    internal HistoryCurve(string key, string label, double[] epochs, double[] values)
    {
        Key = key;
        Label = label;
        Epochs = Array.AsReadOnly(epochs);
        Values = Array.AsReadOnly(values);
    }

    /// <summary>The History series drawn, e.g. <c>val_accuracy</c>.</summary>
    public string Key { get; }

    /// <summary>The legend entry: <c>train</c> or <c>validation</c>.</summary>
    public string Label { get; }

    /// <summary>The x of each point: the epoch numbers of <see cref="History.Epochs"/> (from 0, as Keras's <c>history.epoch</c>).</summary>
    public IReadOnlyList<double> Epochs { get; }

    /// <summary>The y of each point: the recorded values (epochs whose value is NaN or infinite are left out).</summary>
    public IReadOnlyList<double> Values { get; }
}
