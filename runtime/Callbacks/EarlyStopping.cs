namespace Unroll;

/// <summary>
/// Stops training when a monitored quantity has stopped improving (Keras 3
/// <c>keras.callbacks.EarlyStopping</c>, same arguments, defaults and rules): after each epoch
/// from <paramref name="startFromEpoch"/> on, a value better than the best so far by more than
/// <paramref name="minDelta"/> is an improvement; after <paramref name="patience"/> epochs without
/// one (never at the first epoch) it sets <see cref="Model.StopTraining"/>. With a
/// <paramref name="baseline"/>, an improvement that does not also beat the baseline does not
/// reset the wait. With <paramref name="restoreBestWeights"/>, the weights of the best epoch are
/// put back when training ends, whether it stopped early or ran all its epochs (as Keras 3 does).
/// </summary>
/// <param name="monitor">The logged quantity to watch (<c>val_loss</c>, <c>loss</c>, <c>val_accuracy</c>, …).</param>
/// <param name="minDelta">The least change that counts as an improvement (its absolute value is used).</param>
/// <param name="patience">Epochs without improvement before stopping.</param>
/// <param name="verbose">1 writes a line to <see cref="Model.Log"/> when it stops and when it restores weights.</param>
/// <param name="mode">Whether the quantity should fall or rise; <see cref="MonitorMode.Auto"/> tells from the name.</param>
/// <param name="baseline">A value the monitored quantity must beat for the wait to reset.</param>
/// <param name="restoreBestWeights">Put back the best epoch's weights at the end of training.</param>
/// <param name="startFromEpoch">Epochs (from 0) to let pass before watching.</param>
public sealed class EarlyStopping(
    string monitor = "val_loss", double minDelta = 0, int patience = 0, int verbose = 0, MonitorMode mode = MonitorMode.Auto,
    double? baseline = null, bool restoreBestWeights = false, int startFromEpoch = 0) : Callback
{
    private bool? _higherIsBetter;
    private float[]? _bestWeights;

    /// <summary>The watched quantity.</summary>
    public string Monitor { get; } = monitor ?? throw new ArgumentNullException(nameof(monitor));

    /// <summary>The least change that counts as an improvement (always ≥ 0).</summary>
    public double MinDelta { get; } = Math.Abs(minDelta);

    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; } = patience >= 0 ? patience : throw new ArgumentOutOfRangeException(nameof(patience), patience, "patience must be ≥ 0.");

    /// <summary>The direction asked for.</summary>
    public MonitorMode Mode { get; } = mode;

    /// <summary>The value the quantity must beat for the wait to reset, or null.</summary>
    public double? Baseline { get; } = baseline;

    /// <summary>Whether the best epoch's weights are put back at the end of training.</summary>
    public bool RestoreBestWeights { get; } = restoreBestWeights;

    /// <summary>Epochs (from 0) let pass before watching.</summary>
    public int StartFromEpoch { get; } = startFromEpoch;

    /// <summary>Epochs since the last improvement (Keras <c>wait</c>).</summary>
    public int Wait { get; private set; }

    /// <summary>The epoch (from 0) at which training was stopped; 0 when it was not (Keras <c>stopped_epoch</c>).</summary>
    public int StoppedEpoch { get; private set; }

    /// <summary>The epoch (from 0) of the best value (Keras <c>best_epoch</c>).</summary>
    public int BestEpoch { get; private set; }

    /// <summary>The best value seen in this Fit; ±∞ before any.</summary>
    public double Best { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        // Keras resets these so an instance can be reused; it keeps `best` from the previous fit,
        // which a reused instance (one per fold) must not, so Best is reset too.
        Wait = 0;
        StoppedEpoch = 0;
        BestEpoch = 0;
        _bestWeights = null;
        _higherIsBetter = null;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (_higherIsBetter is null)
        {
            _higherIsBetter = MonitoredQuantity.HigherIsBetter(Model, Monitor, Mode, nameof(EarlyStopping));
            Best = _higherIsBetter.Value ? double.NegativeInfinity : double.PositiveInfinity;
        }
        bool higher = _higherIsBetter.Value;
        if (!logs.TryGetValue(Monitor, out float value))
        {
            MonitoredQuantity.WarnMissing(Model, nameof(EarlyStopping), Monitor, logs);
            return;
        }
        if (epoch < StartFromEpoch) return;
        if (RestoreBestWeights && _bestWeights is null)
        {
            // Until something improves, the first watched epoch's weights are the best.
            _bestWeights = Model.Weights.ToArray();
            BestEpoch = epoch;
        }
        Wait++;
        double current = value;
        if (MonitoredQuantity.IsImprovement(current, Best, MinDelta, higher))
        {
            Best = current;
            BestEpoch = epoch;
            if (RestoreBestWeights) Model.Weights.CopyTo(_bestWeights);
            // The wait restarts only when the value beats both the previous best and the baseline.
            if (Baseline is not double b || MonitoredQuantity.IsImprovement(current, b, MinDelta, higher)) Wait = 0;
            return;
        }
        if (Wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            Model.StopTraining = true;
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs)
    {
        if (StoppedEpoch > 0 && verbose > 0) Model.LogWriter.WriteLine($"Epoch {StoppedEpoch + 1}: early stopping");
        if (RestoreBestWeights && _bestWeights is not null)
        {
            if (verbose > 0) Model.LogWriter.WriteLine($"Restoring model weights from the end of the best epoch: {BestEpoch + 1}.");
            _bestWeights.CopyTo(Model.WritableParameters);
        }
    }
}
