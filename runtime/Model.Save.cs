using System.Globalization;

namespace Unroll;

public abstract partial class Model
{
    /// <summary>
    /// Saves the whole model (Keras <c>model.save</c>): weights, the optimizer with its state and
    /// step count, the loss and metrics, and the state of the model's random generator — so that
    /// <see cref="Load"/> into a fresh instance and Fit continue exactly where training stopped.
    /// One safetensors file (any safetensors reader can open it); written atomically.
    /// </summary>
    public void Save(string path)
    {
        using UseScope use = EnterUse();
        Optimizer optimizer = Optimizer; // throws when not compiled: there is no training state to save
        RefuseNonFiniteWeights(path, includeOptimizer: true);
        var metadata = new Dictionary<string, string>
        {
            ["format"] = WeightFormat.Model,
            ["network"] = Name,
            ["loss"] = Loss.Name,
            ["metrics"] = string.Join(",", _metrics.Select(m => m.Name)),
            ["optimizer"] = OptimizerConfig.ToJson(optimizer),
            ["iterations"] = optimizer.Iterations.ToString(CultureInfo.InvariantCulture),
            ["random_state"] = Random.State,
        };
        AtomicFile.Write(path, stream => WriteTensors(stream, metadata, includeOptimizer: true));
    }

    /// <summary>
    /// Loads a model saved by <see cref="Save"/> into this network: compiles it with the saved
    /// optimizer, loss and metrics, and restores weights, optimizer state and generator state.
    /// Everything is checked before anything changes.
    /// </summary>
    public void Load(string path)
    {
        using UseScope use = EnterUse();
        ThrowIfShared("load a model");
        if (_parameters is null) throw ReadOnlyWeights();
        byte[] file = SafeTensors.ReadFile(path);
        SafeTensorsHeader header = SafeTensors.ReadHeader(file, path);
        SafeTensors.CheckChecksum(file, header, path);
        IReadOnlyDictionary<string, string> meta = header.Metadata;
        string format = meta.GetValueOrDefault("format") ?? "(none)";
        if (format != WeightFormat.Model)
            throw new WeightFileException(path, format == WeightFormat.Weights
                ? "it holds weights only (SaveWeights); use LoadWeights, or save with Save to keep the training state."
                : $"its format is '{format}', not a model saved by Unroll's Save ('{WeightFormat.Model}').");
        string Required(string key) => meta.GetValueOrDefault(key) ?? throw new WeightFileException(path, $"the metadata lacks '{key}'.");

        Optimizer optimizer = OptimizerConfig.FromJson(Required("optimizer"), path);
        Loss loss = LossByName(Required("loss"), path);
        Metric[] metrics = Required("metrics").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(n => MetricByName(n, path)).ToArray();
        if (!long.TryParse(Required("iterations"), NumberStyles.None, CultureInfo.InvariantCulture, out long iterations))
            throw new WeightFileException(path, $"'iterations' is '{SafeTensors.Quote(meta["iterations"])}', not a step count.");
        string randomState = Required("random_state");

        SafeTensor[] weights = MatchTensors(header, path, ParameterTensors, prefix: "", allowOthers: true);
        CheckValues(file, weights, path);
        string[] slotNames = [.. optimizer.StateSlots.Select(slot => slot.Name)];
        var slots = new SafeTensor[slotNames.Length][];
        for (int i = 0; i < slots.Length; i++)
        {
            slots[i] = MatchTensors(header, path, Layout.TrainableInBufferOrder, WeightFormat.OptimizerPrefix + slotNames[i] + "/", allowOthers: true);
            CheckValues(file, slots[i], path);
        }
        // Every weight once, and each trainable one once per slot (the optimizer has state for those only).
        int expected = ParameterTensors.Count + Layout.TrainableInBufferOrder.Length * slots.Length;
        if (header.Tensors.Count != expected)
            throw new WeightFileException(path, $"the file holds {header.Tensors.Count} tensors but {Name} with {optimizer.KerasName} has {expected}: a different architecture or optimizer.");
        var restoredRandom = new SeededRandom(0);
        if (!restoredRandom.TryRestore(randomState))
            throw new WeightFileException(path, "'random_state' is not a generator state (64 hex digits).");

        // All checked: commit.
        Compile(optimizer, loss, metrics);
        IReadOnlyList<OptimizerSlot> built = optimizer.StateSlots;
        for (int i = 0; i < slots.Length; i++) CopyTensors(file, slots[i], Layout.TrainableInBufferOrder, built[i].Values);
        optimizer.RestoreIterations(iterations);
        CopyTensors(file, weights, ParameterTensors, WritableParameters);
        Random.TryRestore(randomState);
    }

    private static Loss LossByName(string name, string source) => name switch
    {
        "mean_squared_error" => Loss.MeanSquaredError,
        "mean_absolute_error" => Loss.MeanAbsoluteError,
        "binary_crossentropy" => Loss.BinaryCrossEntropy,
        "categorical_crossentropy" => Loss.CategoricalCrossEntropy,
        "sparse_categorical_crossentropy" => Loss.SparseCategoricalCrossEntropy,
        _ => throw new WeightFileException(source, $"the loss '{SafeTensors.Quote(name)}' is not one Unroll has."),
    };

    private static Metric MetricByName(string name, string source) => name switch
    {
        "accuracy" => Metric.Accuracy,
        "binary_accuracy" => Metric.BinaryAccuracy,
        "categorical_accuracy" => Metric.CategoricalAccuracy,
        "sparse_categorical_accuracy" => Metric.SparseCategoricalAccuracy,
        "mse" => Metric.MeanSquaredError,
        "mae" => Metric.MeanAbsoluteError,
        _ => throw new WeightFileException(source, $"the metric '{SafeTensors.Quote(name)}' is not one Unroll has."),
    };
}
