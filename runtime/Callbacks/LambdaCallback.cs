namespace Unroll;

/// <summary>
/// A callback made of delegates, for one-off hooks (Keras <c>keras.callbacks.LambdaCallback</c>):
/// <c>new LambdaCallback(onEpochEnd: (epoch, logs) => Console.WriteLine(logs["loss"]))</c>. The
/// model is <see cref="Callback.Model"/>; hooks not given do nothing.
/// </summary>
public sealed class LambdaCallback(
    Action<int, Logs>? onEpochBegin = null, Action<int, Logs>? onEpochEnd = null,
    Action<int, Logs>? onTrainBatchBegin = null, Action<int, Logs>? onTrainBatchEnd = null,
    Action<Logs>? onTrainBegin = null, Action<Logs>? onTrainEnd = null) : Callback
{
    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs) => onEpochBegin?.Invoke(epoch, logs);

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs) => onEpochEnd?.Invoke(epoch, logs);

    /// <inheritdoc/>
    public override void OnTrainBatchBegin(int batch, Logs logs) => onTrainBatchBegin?.Invoke(batch, logs);

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, Logs logs) => onTrainBatchEnd?.Invoke(batch, logs);

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs) => onTrainBegin?.Invoke(logs);

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs) => onTrainEnd?.Invoke(logs);
}
