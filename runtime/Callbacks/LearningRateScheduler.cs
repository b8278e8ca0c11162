namespace Unroll;

/// <summary>
/// Sets the optimizer's learning rate at the start of every epoch from a schedule (Keras 3
/// <c>keras.callbacks.LearningRateScheduler</c>): <c>schedule(epoch, rate)</c> with the epoch from
/// 0 and the current rate, or <c>schedule(epoch)</c>. The epoch logs (and History) get
/// <c>learning_rate</c>, the rate each epoch trained with.
/// </summary>
public sealed class LearningRateScheduler : Callback
{
    private readonly Func<int, float, float> _schedule;
    private readonly int _verbose;

    /// <summary>A schedule of the epoch (from 0) and the current rate.</summary>
    public LearningRateScheduler(Func<int, float, float> schedule, int verbose = 0)
    {
        _schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        _verbose = verbose;
    }

    /// <summary>A schedule of the epoch (from 0) alone.</summary>
    public LearningRateScheduler(Func<int, float> schedule, int verbose = 0)
        : this(schedule is null ? null! : (epoch, _) => schedule(epoch), verbose)
    {
    }

    internal override bool LogsLearningRate => true;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs)
    {
        float rate = _schedule(epoch, Model.Optimizer.LearningRate);
        if (!(rate > 0) || !float.IsFinite(rate))
            throw new InvalidOperationException($"The schedule returned {rate} for epoch {epoch}; a learning rate must be a positive finite number.");
        Model.Optimizer.LearningRate = rate;
        if (_verbose > 0) Model.LogWriter.WriteLine($"Epoch {epoch + 1}: LearningRateScheduler setting learning rate to {PythonFormat.Format("{r}", 0, new Logs(["r"], [rate], 1))}.");
    }
}
