namespace Unroll;

public abstract partial class Model
{
    private Optimizer? _optimizer;
    private Loss? _loss;
    private Metric[] _metrics = [];

    /// <summary>The optimizer given to <see cref="Compile"/>.</summary>
    public Optimizer Optimizer => _optimizer ?? throw NotCompiled();

    /// <summary>The loss given to <see cref="Compile"/>.</summary>
    public Loss Loss => _loss ?? throw NotCompiled();

    /// <summary>The metrics given to <see cref="Compile"/>, resolved against the loss.</summary>
    public IReadOnlyList<Metric> Metrics => _metrics;

    /// <summary>Whether <see cref="Compile"/> has been called.</summary>
    public bool IsCompiled => _optimizer is not null;

    /// <summary>
    /// Configures training (Keras <c>compile</c>): the optimizer's state is built for this
    /// network's trainable parameters, and "accuracy" is resolved from the loss and output size.
    /// </summary>
    public void Compile(Optimizer optimizer, Loss loss, params Metric[] metrics)
    {
        using UseScope use = EnterUse();
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(metrics);
        if (_parameters is null) throw ReadOnlyWeights();
        Metric[] resolved = Array.ConvertAll(metrics, m => (m ?? throw new ArgumentNullException(nameof(metrics))).Resolve(loss, OutputClasses));
        optimizer.BindTo(this);
        optimizer.Build(TrainableParameterCount); // the optimizer sees the trainable part only
        if (_optimizer is { } previous && !ReferenceEquals(previous, optimizer)) previous.Unbind(this);
        _optimizer = optimizer;
        _loss = loss;
        _metrics = resolved;
    }

    private InvalidOperationException NotCompiled()
        => new($"{Name} is not compiled: call Compile(optimizer, loss, metrics) before training or evaluating.");
}
