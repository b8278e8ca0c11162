namespace Unroll;

/// <summary>
/// Stops training at the batch whose loss is NaN or infinite (Keras 3
/// <c>keras.callbacks.TerminateOnNaN</c>): the batch logs hold the epoch's running mean of the
/// loss, which turns non-finite at that batch. By default it sets <see cref="Model.StopTraining"/>
/// (the epoch still ends and every callback's OnTrainEnd runs); with
/// <paramref name="raiseError"/> it throws instead, skipping them.
/// </summary>
public sealed class TerminateOnNaN(bool raiseError = false) : Callback
{
    /// <summary>Whether a non-finite loss throws rather than stopping.</summary>
    public bool RaiseError { get; } = raiseError;

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        if (!logs.TryGetValue("loss", out float loss) || float.IsFinite(loss)) return;
        if (RaiseError)
            throw new InvalidOperationException($"NaN or Inf loss encountered at batch {batch}. Loss value: {loss}. Terminating training immediately.");
        Model.LogWriter.WriteLine($"Batch {batch}: Invalid loss, terminating training");
        Model.StopTraining = true;
    }
}
