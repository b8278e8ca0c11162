using System.Globalization;

namespace Unroll;

/// <summary>
/// One candidate of a <see cref="ParameterGrid"/>: a network and the run-time hyper-parameters to
/// train it with. <see cref="Values"/> holds only the keys the grid searched (scikit-learn's
/// <c>params</c> dict); the typed properties hold what training uses, defaults included.
/// </summary>
public sealed class GridParameters
{
    private readonly Func<Model> _factory;

    internal GridParameters(string network, Func<Model> factory, string? optimizer, float? learningRate, float? momentum, int? epochs, int? batchSize)
    {
        Network = network;
        _factory = factory;
        Optimizer = optimizer ?? ParameterGrid.DefaultOptimizer;
        LearningRate = learningRate;
        Momentum = momentum;
        Epochs = epochs ?? ParameterGrid.DefaultEpochs;
        BatchSize = batchSize ?? ParameterGrid.DefaultBatchSize;

        // Sorted by key, as scikit-learn prints a candidate.
        var values = new List<KeyValuePair<string, object>>();
        if (batchSize is int b) values.Add(new("batch_size", b));
        if (epochs is int e) values.Add(new("epochs", e));
        if (learningRate is float r) values.Add(new("learning_rate", r));
        if (momentum is float m) values.Add(new("momentum", m));
        values.Add(new("network", network));
        if (optimizer is not null) values.Add(new("optimizer", optimizer));
        Values = values;
    }

    /// <summary>The name of the network in <see cref="ParameterGrid.Network"/>.</summary>
    public string Network { get; }

    /// <summary>The optimizer's name as the grid gave it (<see cref="ParameterGrid.DefaultOptimizer"/> when not searched).</summary>
    public string Optimizer { get; }

    /// <summary>The learning rate, or null for the optimizer's Keras default.</summary>
    public float? LearningRate { get; }

    /// <summary>SGD's momentum, or null for none.</summary>
    public float? Momentum { get; }

    /// <summary>Epochs of training on each fold.</summary>
    public int Epochs { get; }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>The searched keys and their values, sorted by key (<c>batch_size</c>, <c>epochs</c>, …).</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Values { get; }

    /// <summary>A new optimizer with these settings.</summary>
    public Optimizer CreateOptimizer() => KerasOptimizers.Create(Optimizer, LearningRate, Momentum);

    /// <summary>A new, untrained network from the factory named <see cref="Network"/>.</summary>
    public Model CreateNetwork()
        => _factory() ?? throw new InvalidOperationException($"The factory of network '{Network}' returned null; it must return a new network.");

    /// <summary>As Python prints the params dict: <c>{'batch_size': 10, 'epochs': 50, 'network': 'pima', 'optimizer': 'Adam'}</c>.</summary>
    public override string ToString()
        => "{" + string.Join(", ", Values.Select(kv => $"'{kv.Key}': {Format(kv.Value)}")) + "}";

    private static string Format(object value) => value switch
    {
        string s => $"'{s}'",
        float f => f.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
