namespace Unroll;

/// <summary>
/// What Keras 3's <c>MonitorCallback</c> shares: which way a monitored quantity improves, and
/// whether a value is an improvement by more than <c>min_delta</c>.
/// </summary>
internal static class MonitoredQuantity
{
    /// <summary>
    /// Whether <paramref name="monitor"/> improves by rising. In <see cref="MonitorMode.Auto"/>, as
    /// Keras 3: <c>loss</c> (with or without <c>val_</c>) falls; a compiled metric of that name
    /// rises when it is an accuracy and falls when it is an error; anything else cannot be told
    /// and throws, asking for a mode.
    /// </summary>
    public static bool HigherIsBetter(Model model, string monitor, MonitorMode mode, string callback)
    {
        switch (mode)
        {
            case MonitorMode.Min: return false;
            case MonitorMode.Max: return true;
            case MonitorMode.Auto: break;
            default: throw new ArgumentOutOfRangeException(nameof(mode), mode, "mode is Auto, Min or Max.");
        }
        string name = monitor.StartsWith("val_", StringComparison.Ordinal) ? monitor["val_".Length..] : monitor;
        if (name == "loss") return false;
        foreach (Metric metric in model.Metrics)
            if (metric.Name == name && metric.HigherIsBetter is bool higher)
                return higher;
        string hint = name == "acc" ? $" Keras 3 names accuracy 'accuracy': monitor '{monitor.Replace("acc", "accuracy", StringComparison.Ordinal)}'." : "";
        throw new InvalidOperationException(
            $"{callback} received monitor '{monitor}', but it cannot tell whether that quantity should be maximized or minimized " +
            $"(the model's metrics are {(model.Metrics.Count == 0 ? "none" : string.Join(", ", model.Metrics.Select(m => m.Name)))}). " +
            "Pass mode: MonitorMode.Max to keep the highest value, or MonitorMode.Min to keep the lowest." + hint);
    }

    /// <summary>Keras's <c>_is_improvement</c>: <c>monitor_op(value - min_delta, reference)</c>, the delta signed by the direction.</summary>
    public static bool IsImprovement(double value, double reference, double minDelta, bool higherIsBetter)
        => higherIsBetter ? value - minDelta > reference : value + minDelta < reference;

    /// <summary>Keras warns (once here) when the monitored value is not in the logs; training goes on.</summary>
    public static void WarnMissing(Model model, string callback, string monitor, Logs logs)
        => model.LogWriter.WriteLine($"{callback}: {Logs.MissingName(monitor, "the logs", logs.Names).Message} Nothing is monitored.");
}
