namespace Unroll;

/// <summary>
/// Saves the model after every epoch, or only when it is the best so far (Keras 3
/// <c>keras.callbacks.ModelCheckpoint</c>, same arguments and defaults, saving once per epoch).
/// <paramref name="filePath"/> may hold Python format fields filled as Keras fills them:
/// <c>{epoch}</c> counts from 1 and every logged name is a float, so
/// <c>"model_{epoch:02d}_{val_loss:.2f}.unroll"</c> gives <c>model_03_0.41.unroll</c>. The whole
/// model goes through <see cref="Model.Save"/> (optimizer state included), the weights alone
/// through <see cref="Model.SaveWeights"/>; both write atomically. A missing folder is created.
/// Unlike Keras, which would write them, weights that are no longer finite are not saved: the
/// epoch is skipped with a line in <see cref="Model.Log"/>, so a diverged run never replaces a good file.
/// </summary>
/// <param name="filePath">Where to save; may hold <c>{epoch:02d}</c>, <c>{val_loss:.2f}</c>-style fields.</param>
/// <param name="monitor">The logged quantity that decides what is best.</param>
/// <param name="verbose">1 writes a line to <see cref="Model.Log"/> for each decision.</param>
/// <param name="saveBestOnly">Save only when the monitored quantity improved on the best so far.</param>
/// <param name="saveWeightsOnly">Save the weights alone (<see cref="Model.SaveWeights"/>) rather than the whole model.</param>
/// <param name="mode">Whether the quantity should fall or rise; <see cref="MonitorMode.Auto"/> tells from the name.</param>
/// <param name="initialValueThreshold">A first "best" that a value must beat to be saved with <paramref name="saveBestOnly"/>.</param>
public sealed class ModelCheckpoint(
    string filePath, string monitor = "val_loss", int verbose = 0, bool saveBestOnly = false, bool saveWeightsOnly = false,
    MonitorMode mode = MonitorMode.Auto, double? initialValueThreshold = null) : Callback
{
    private bool? _higherIsBetter;

    /// <summary>The path template.</summary>
    public string FilePath { get; } = string.IsNullOrEmpty(filePath) ? throw new ArgumentException("A checkpoint needs a file path.", nameof(filePath)) : filePath;

    /// <summary>The watched quantity.</summary>
    public string Monitor { get; } = monitor ?? throw new ArgumentNullException(nameof(monitor));

    /// <summary>Whether only improvements are saved.</summary>
    public bool SaveBestOnly { get; } = saveBestOnly;

    /// <summary>Whether the weights alone are saved.</summary>
    public bool SaveWeightsOnly { get; } = saveWeightsOnly;

    /// <summary>The direction asked for.</summary>
    public MonitorMode Mode { get; } = mode;

    /// <summary>
    /// The best value saved so far (the threshold, or ±∞, before any). Kept from one Fit to the
    /// next, as Keras keeps it, so a later Fit does not overwrite a better file.
    /// </summary>
    public double? Best { get; private set; } = initialValueThreshold;

    private readonly List<string> _savedFiles = [];

    /// <summary>The files written, in order (a path appears again when it is overwritten).</summary>
    public IReadOnlyList<string> SavedFiles => _savedFiles;

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (_higherIsBetter is null)
        {
            _higherIsBetter = MonitoredQuantity.HigherIsBetter(Model, Monitor, Mode, nameof(ModelCheckpoint));
            Best ??= _higherIsBetter.Value ? double.NegativeInfinity : double.PositiveInfinity;
        }
        string path = PythonFormat.Format(FilePath, epoch + 1, logs);
        if (!ShouldSave(epoch, logs, path)) return;
        if (Model.NonFiniteState(path, includeOptimizer: !SaveWeightsOnly) is string refusal)
        {
            Model.LogWriter.WriteLine($"Epoch {epoch + 1}: not saving. {refusal}");
            return;
        }
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        if (Directory.Exists(path))
            throw new IOException($"ModelCheckpoint was given a folder, '{path}', where it needs a file path.");
        if (SaveWeightsOnly) Model.SaveWeights(path);
        else Model.Save(path);
        _savedFiles.Add(path);
        if (verbose > 0) Model.LogWriter.WriteLine($"Epoch {epoch + 1}: finished saving model to {path}");
    }

    private bool ShouldSave(int epoch, Logs logs, string path)
    {
        if (!SaveBestOnly)
        {
            if (verbose > 0) Model.LogWriter.WriteLine($"Epoch {epoch + 1}: saving model to {path}");
            return true;
        }
        if (!logs.TryGetValue(Monitor, out float value))
        {
            // Keras warns and saves.
            Model.LogWriter.WriteLine($"ModelCheckpoint: can save the best model only with {Monitor} available; saving. ({Logs.MissingName(Monitor, "the logs", logs.Names).Message})");
            return true;
        }
        string best = PythonFormat.Format("{best:.5f}", 0, new Logs(["best"], [(float)Best!.Value], 1));
        if (MonitoredQuantity.IsImprovement(value, Best!.Value, 0, _higherIsBetter!.Value))
        {
            if (verbose > 0) Model.LogWriter.WriteLine($"Epoch {epoch + 1}: {Monitor} improved from {best} to {PythonFormat.Format("{v:.5f}", 0, new Logs(["v"], [value], 1))}, saving model to {path}");
            Best = value;
            return true;
        }
        if (verbose > 0) Model.LogWriter.WriteLine($"Epoch {epoch + 1}: {Monitor} did not improve from {best}");
        return false;
    }
}
