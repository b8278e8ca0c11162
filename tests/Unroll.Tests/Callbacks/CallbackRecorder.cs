namespace Unroll.Tests.Callbacks;

/// <summary>Records every hook as a line (<c>epoch_end 1 loss=… val_loss=…</c>) and, optionally, stops training at one.</summary>
internal sealed class CallbackRecorder : Callback
{
    public List<string> Events { get; } = [];
    public List<Model> ModelsSeen { get; } = [];
    public List<string[]> EpochEndNames { get; } = [];
    public List<float[]> EpochEndValues { get; } = [];
    public List<float> BatchEndLoss { get; } = [];
    public string? StopAt { get; init; }

    private void Record(string what, Logs logs)
    {
        ModelsSeen.Add(Model);
        Events.Add(logs.Count == 0 ? what : what + " " + string.Join(" ", logs.Names.ToArray()));
        if (what == StopAt) Model.StopTraining = true;
    }

    public override void OnTrainBegin(Logs logs) => Record("train_begin", logs);
    public override void OnTrainEnd(Logs logs) => Record("train_end", logs);
    public override void OnEpochBegin(int epoch, Logs logs) => Record($"epoch_begin {epoch}", logs);

    public override void OnEpochEnd(int epoch, Logs logs)
    {
        EpochEndNames.Add(logs.Names.ToArray());
        EpochEndValues.Add(logs.Values.ToArray());
        Record($"epoch_end {epoch}", logs);
    }

    public override void OnTrainBatchBegin(int batch, Logs logs) => Record($"batch_begin {batch}", logs);

    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        BatchEndLoss.Add(logs["loss"]);
        Record($"batch_end {batch}", logs);
    }

    public static Logs LogsOf(params (string Name, float Value)[] entries)
        => new(entries.Select(e => e.Name).ToArray(), entries.Select(e => e.Value).ToArray(), entries.Length);
}
