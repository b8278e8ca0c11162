namespace Unroll;

/// <summary>
/// A hook into <see cref="Model.Fit(float[], float[], int, int, int, double, ValueTuple{float[], float[]}?, bool, int?, IReadOnlyList{Callback}?)"/>
/// (Keras <c>keras.callbacks.Callback</c>). Override the hooks you need; the others do nothing.
/// Epochs and batches are counted from 0, as Keras passes them. <see cref="Logs"/> are read-only
/// and valid only during the call: copy what you keep. Set <see cref="Model.StopTraining"/> to stop.
/// </summary>
public abstract class Callback
{
    /// <summary>The model being trained; set by Fit before <see cref="OnTrainBegin"/> (Keras <c>self.model</c>).</summary>
    public Model Model
    {
        get => _model ?? throw new InvalidOperationException($"{GetType().Name} is not attached to a model: Fit sets Model before calling OnTrainBegin.");
        internal set => _model = value;
    }

    private Model? _model;

    /// <summary>
    /// Whether Fit adds the optimizer's <c>learning_rate</c> to the epoch logs (and History), as
    /// Keras's learning-rate callbacks add it: the rate the epoch trained with.
    /// </summary>
    internal virtual bool LogsLearningRate => false;

    /// <summary>Called once before the first epoch; <paramref name="logs"/> is empty.</summary>
    public virtual void OnTrainBegin(Logs logs) { }

    /// <summary>Called once after the last epoch (or after training was stopped) with the last epoch's logs.</summary>
    public virtual void OnTrainEnd(Logs logs) { }

    /// <summary>Called at the start of epoch <paramref name="epoch"/> (from 0); <paramref name="logs"/> is empty.</summary>
    public virtual void OnEpochBegin(int epoch, Logs logs) { }

    /// <summary>
    /// Called at the end of epoch <paramref name="epoch"/> (from 0) with the epoch's means of the
    /// loss and metrics, then their <c>val_</c> counterparts when Fit validates.
    /// </summary>
    public virtual void OnEpochEnd(int epoch, Logs logs) { }

    /// <summary>Called before training batch <paramref name="batch"/> (from 0 in each epoch); <paramref name="logs"/> is empty.</summary>
    public virtual void OnTrainBatchBegin(int batch, Logs logs) { }

    /// <summary>
    /// Called after training batch <paramref name="batch"/> with the running means over the epoch
    /// so far of the loss and metrics, as Keras 3 reports them.
    /// </summary>
    public virtual void OnTrainBatchEnd(int batch, Logs logs) { }
}
