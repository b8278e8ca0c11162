namespace Unroll;

/// <summary>
/// Lowers the learning rate when a monitored quantity has stopped improving (Keras 3
/// <c>keras.callbacks.ReduceLROnPlateau</c>, same arguments, defaults and rules): after
/// <paramref name="patience"/> epochs without an improvement by more than
/// <paramref name="minDelta"/>, the rate becomes <c>max(rate · factor, minLr)</c> (only while it
/// is above <paramref name="minLr"/>), then <paramref name="cooldown"/> epochs pass before
/// epochs without improvement count again. As in Keras's ReduceLROnPlateau, auto mode maximises
/// a quantity whose name contains <c>acc</c> and minimises anything else. The epoch logs (and
/// History) get <c>learning_rate</c>.
/// </summary>
/// <param name="monitor">The logged quantity to watch.</param>
/// <param name="factor">The multiplier of the rate, below 1.</param>
/// <param name="patience">Epochs without improvement before lowering the rate.</param>
/// <param name="verbose">1 writes a line to <see cref="Model.Log"/> when it lowers the rate.</param>
/// <param name="mode">Whether the quantity should fall or rise.</param>
/// <param name="minDelta">The least change that counts as an improvement.</param>
/// <param name="cooldown">Epochs after a reduction before counting resumes.</param>
/// <param name="minLr">The lowest rate.</param>
public sealed class ReduceLROnPlateau(
    string monitor = "val_loss", double factor = 0.1, int patience = 10, int verbose = 0, MonitorMode mode = MonitorMode.Auto,
    double minDelta = 1e-4, int cooldown = 0, double minLr = 0) : Callback
{
    /// <summary>The watched quantity.</summary>
    public string Monitor { get; } = monitor ?? throw new ArgumentNullException(nameof(monitor));

    /// <summary>The multiplier of the rate.</summary>
    public double Factor { get; } = factor < 1.0 ? factor : throw new ArgumentOutOfRangeException(nameof(factor), factor, "ReduceLROnPlateau does not support a factor >= 1.0.");

    /// <summary>Epochs without improvement so far (Keras <c>wait</c>).</summary>
    public int Wait { get; private set; }

    /// <summary>Epochs of cooldown left.</summary>
    public int CooldownCounter { get; private set; }

    /// <summary>The best value seen in this Fit.</summary>
    public double Best { get; private set; }

    private bool HigherIsBetter => mode == MonitorMode.Max || (mode == MonitorMode.Auto && Monitor.Contains("acc", StringComparison.Ordinal));

    internal override bool LogsLearningRate => true;

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        Best = HigherIsBetter ? double.NegativeInfinity : double.PositiveInfinity;
        CooldownCounter = 0;
        Wait = 0;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (!logs.TryGetValue(Monitor, out float value))
        {
            MonitoredQuantity.WarnMissing(Model, nameof(ReduceLROnPlateau), Monitor, logs);
            return;
        }
        double current = value;
        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            Wait = 0;
        }
        bool improved = HigherIsBetter ? current > Best + minDelta : current < Best - minDelta;
        if (improved)
        {
            Best = current;
            Wait = 0;
        }
        else if (CooldownCounter == 0)
        {
            Wait++;
            if (Wait >= patience)
            {
                double old = Model.Optimizer.LearningRate;
                if (old > (float)minLr)
                {
                    // Keras computes in double and stores the rate as a float32.
                    float rate = (float)Math.Max(old * Factor, minLr);
                    Model.Optimizer.LearningRate = rate;
                    if (verbose > 0) Model.LogWriter.WriteLine($"Epoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {PythonFormat.Format("{r}", 0, new Logs(["r"], [rate], 1))}.");
                    CooldownCounter = cooldown;
                    Wait = 0;
                }
            }
        }
    }
}
