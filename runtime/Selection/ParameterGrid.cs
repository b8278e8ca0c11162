namespace Unroll;

/// <summary>
/// The hyper-parameters a <see cref="GridSearch"/> tries, as scikit-learn's <c>param_grid</c>
/// (<c>dict(batch_size=[10, 20], epochs=[10, 50], optimizer=['SGD', 'Adam'])</c>):
/// <code>
/// var grid = new ParameterGrid
/// {
///     Network = { ["12 relu"] = () => new PimaNet(seed: 7), ["8-8 relu"] = () => new DeepPimaNet(seed: 7) },
///     BatchSize = [10, 20],
///     Epochs = [10, 50],
///     Optimizer = ["SGD", "Adam"],
/// };
/// </code>
/// Shapes are fixed when a network is compiled, so the architecture axis (layer sizes,
/// activations, initializers, dropout rates) is a set of named network factories. An axis left
/// out is not searched and takes the Keras default: 1 epoch, batches of 32, RMSprop at its own
/// learning rate. The candidates are every combination, in scikit-learn's <c>ParameterGrid</c>
/// order: keys sorted by name (batch_size, epochs, learning_rate, momentum, network, optimizer),
/// the last varying fastest, each axis's values in the order given.
/// </summary>
public sealed class ParameterGrid
{
    /// <summary>Keras's <c>fit</c> defaults for the axes a grid leaves out.</summary>
    public const int DefaultEpochs = 1, DefaultBatchSize = 32;

    /// <summary>Keras's <c>compile</c> default optimizer, for a grid without an optimizer axis.</summary>
    public const string DefaultOptimizer = "rmsprop";

    /// <summary>
    /// The architectures, by name: each factory returns a new, untrained network every time it is
    /// called (give it a seed for results that repeat). At least one is required.
    /// </summary>
    public OrderedDictionary<string, Func<Model>> Network { get; } = new(StringComparer.Ordinal);

    /// <summary>Batch sizes (<c>batch_size</c>); each at least 1.</summary>
    public IReadOnlyList<int>? BatchSize { get; init; }

    /// <summary>Numbers of epochs (<c>epochs</c>); each at least 1.</summary>
    public IReadOnlyList<int>? Epochs { get; init; }

    /// <summary>Learning rates (<c>learning_rate</c>) for every optimizer; left out, each optimizer keeps its Keras default.</summary>
    public IReadOnlyList<float>? LearningRate { get; init; }

    /// <summary>SGD momentum values (<c>momentum</c>), in [0, 1); only with SGD as the sole optimizer.</summary>
    public IReadOnlyList<float>? Momentum { get; init; }

    /// <summary>Optimizers by Keras name (<c>SGD</c>, <c>Adam</c>, <c>RMSprop</c>, <c>Adagrad</c>, <c>Adadelta</c>, any case).</summary>
    public IReadOnlyList<string>? Optimizer { get; init; }

    /// <summary>The number of candidates: the product of the axis lengths.</summary>
    public int Count => Candidates().Count;

    /// <summary>
    /// Every combination, in the documented order. Checks the whole grid first, so that a bad
    /// value fails here, before anything trains.
    /// </summary>
    /// <exception cref="ArgumentException">An axis is empty or holds a value that cannot be trained with.</exception>
    public IReadOnlyList<GridParameters> Candidates()
    {
        Validate();
        var candidates = new List<GridParameters>();
        // Sorted keys, last fastest: batch_size, epochs, learning_rate, momentum, network, optimizer.
        foreach (int? batchSize in Axis(BatchSize))
        foreach (int? epochs in Axis(Epochs))
        foreach (float? learningRate in Axis(LearningRate))
        foreach (float? momentum in Axis(Momentum))
        foreach (KeyValuePair<string, Func<Model>> network in Network)
        foreach (string? optimizer in Optional(Optimizer))
            candidates.Add(new GridParameters(network.Key, network.Value, optimizer, learningRate, momentum, epochs, batchSize));
        return candidates;
    }

    // An axis left out is one unsearched value: null, which the candidate reads as the default.
    private static IEnumerable<T?> Axis<T>(IReadOnlyList<T>? values) where T : struct
        => values is null ? [null] : values.Select(v => (T?)v);

    private static IEnumerable<string?> Optional(IReadOnlyList<string>? values) => values is null ? new string?[] { null } : (IEnumerable<string?>)values;

    private void Validate()
    {
        if (Network.Count == 0)
            throw new ArgumentException("The grid has no network: add at least one, e.g. Network = { [\"pima\"] = () => new PimaNet(seed: 7) }.");
        foreach (var (name, factory) in Network)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A network in the grid has an empty name; name each one, as results print it.");
            if (factory is null) throw new ArgumentException($"The network '{name}' has no factory.");
        }
        NotEmpty(BatchSize, nameof(BatchSize), "batch_size", $"the default ({DefaultBatchSize})");
        NotEmpty(Epochs, nameof(Epochs), "epochs", $"the default ({DefaultEpochs})");
        NotEmpty(LearningRate, nameof(LearningRate), "learning_rate", "each optimizer's default");
        NotEmpty(Momentum, nameof(Momentum), "momentum", "none");
        NotEmpty(Optimizer, nameof(Optimizer), "optimizer", $"the default ({DefaultOptimizer})");

        foreach (int b in BatchSize ?? [])
            if (b < 1) throw new ArgumentException($"The grid's BatchSize holds {b}; a batch size must be at least 1.");
        foreach (int e in Epochs ?? [])
            if (e < 1) throw new ArgumentException($"The grid's Epochs holds {e}; the number of epochs must be at least 1.");
        foreach (float r in LearningRate ?? [])
            if (!(r > 0 && float.IsFinite(r))) throw new ArgumentException($"The grid's LearningRate holds {r}; a learning rate must be a positive finite number.");
        foreach (float m in Momentum ?? [])
            if (!(m >= 0 && m < 1)) throw new ArgumentException($"The grid's Momentum holds {m}; momentum must be in [0, 1).");
        foreach (string? o in Optimizer ?? [])
            if (o is null || KerasOptimizers.ClassName(o) is null) throw KerasOptimizers.UnknownName(o ?? "null", nameof(Optimizer));
        if (Momentum is not null)
        {
            string? other = (Optimizer ?? [DefaultOptimizer]).FirstOrDefault(o => KerasOptimizers.ClassName(o) != "SGD");
            if (other is not null)
                throw new ArgumentException($"The grid's Momentum applies to SGD only, but the grid also trains with {other}; search momentum in a grid whose Optimizer is [\"SGD\"].");
        }
    }

    private static void NotEmpty<T>(IReadOnlyList<T>? values, string property, string key, string fallback)
    {
        if (values is { Count: 0 })
            throw new ArgumentException($"The grid's {property} ({key}) is empty: give at least one value, or leave it out to use {fallback}.");
    }
}
