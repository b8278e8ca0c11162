namespace Unroll;

/// <summary>
/// One Fit call's callbacks and the buffers their <see cref="Logs"/> view: allocated once, so
/// telling the callbacks about a batch allocates nothing of Fit's own.
/// </summary>
internal sealed class CallbackList
{
    private readonly Callback[] _callbacks;
    private readonly string[] _names;
    private readonly float[] _batchValues;
    private readonly float[] _epochValues;
    private bool _haveEpochLogs;

    public CallbackList(Model model, IReadOnlyList<Callback> callbacks, string[] names, int trainNames)
    {
        _callbacks = new Callback[callbacks.Count];
        for (int i = 0; i < _callbacks.Length; i++)
        {
            Callback callback = callbacks[i] ?? throw new ArgumentException($"callbacks[{i}] is null.", nameof(callbacks));
            callback.Model = model;
            _callbacks[i] = callback;
        }
        _names = names;
        _batchValues = new float[trainNames];
        _epochValues = new float[names.Length];
    }

    /// <summary>Whether a callback wants <c>learning_rate</c> in the epoch logs.</summary>
    public static bool AnyLogsLearningRate(IReadOnlyList<Callback>? callbacks)
    {
        if (callbacks is null) return false;
        foreach (Callback? c in callbacks)
            if (c is { LogsLearningRate: true }) return true;
        return false;
    }

    private Logs Empty => new(_names, _epochValues, 0);

    public void TrainBegin()
    {
        foreach (Callback c in _callbacks) c.OnTrainBegin(Empty);
    }

    public void EpochBegin(int epoch)
    {
        foreach (Callback c in _callbacks) c.OnEpochBegin(epoch, Empty);
    }

    public void BatchBegin(int batch)
    {
        foreach (Callback c in _callbacks) c.OnTrainBatchBegin(batch, Empty);
    }

    /// <summary>Batch logs: the running means of loss and metrics over the epoch so far, as Keras 3 reports them.</summary>
    public void BatchEnd(int batch, EpochRunner runner)
    {
        for (int i = 0; i < _batchValues.Length; i++) _batchValues[i] = runner.Mean(i);
        var logs = new Logs(_names, _batchValues, _batchValues.Length);
        foreach (Callback c in _callbacks) c.OnTrainBatchEnd(batch, logs);
    }

    public void EpochEnd(int epoch, ReadOnlySpan<float> values)
    {
        values.CopyTo(_epochValues);
        _haveEpochLogs = true;
        var logs = new Logs(_names, _epochValues, _epochValues.Length);
        foreach (Callback c in _callbacks) c.OnEpochEnd(epoch, logs);
    }

    /// <summary>Train-end logs: the last epoch's, as Keras passes them (empty when no epoch ran).</summary>
    public void TrainEnd()
    {
        var logs = _haveEpochLogs ? new Logs(_names, _epochValues, _epochValues.Length) : Empty;
        foreach (Callback c in _callbacks) c.OnTrainEnd(logs);
    }
}
