namespace Unroll;

/// <summary>
/// Updates the trainable part of the flat parameter buffer from the flat gradient buffer in one
/// fused, vectorised pass. State (moments, accumulators) is allocated once, at <see cref="Build"/>,
/// for that part's length (<see cref="Model.TrainableParameterCount"/>): non-trainable weights, which
/// the model keeps after the trainable ones, are never seen here.
/// An optimizer belongs to the one model it is compiled into: compiling it into a second model
/// throws (compiling the same model again, or after that model took another optimizer, is fine).
/// </summary>
public abstract class Optimizer
{
    /// <summary>Creates an optimizer with a base learning rate.</summary>
    protected Optimizer(float learningRate)
    {
        LearningRate = Checked(learningRate, nameof(learningRate));
    }

    private float _learningRate;

    /// <summary>
    /// The base learning rate (Keras <c>optimizer.learning_rate</c>). Settable between steps, as
    /// <see cref="LearningRateScheduler"/> and <see cref="ReduceLROnPlateau"/> do; the next update
    /// uses it, and <see cref="Model.Save"/> keeps the current value.
    /// </summary>
    public float LearningRate
    {
        get => _learningRate;
        set => _learningRate = Checked(value, nameof(value));
    }

    private static float Checked(float learningRate, string name)
        => learningRate > 0 && float.IsFinite(learningRate) ? learningRate
           : throw new ArgumentOutOfRangeException(name, learningRate, "The learning rate must be a positive finite number.");

    /// <summary>Updates applied so far (Keras <c>optimizer.iterations</c>).</summary>
    public long Iterations { get; private set; }

    /// <summary>The number of (trainable) parameters the state was built for; 0 before <see cref="Build"/>.</summary>
    public int Length { get; private set; }

    // The model whose parameters the state belongs to: one optimizer serves one model, since its
    // moments are per parameter and two models stepping them would corrupt each other's.
    private Model? _owner;

    internal void BindTo(Model model)
    {
        if (_owner is not null && !ReferenceEquals(_owner, model))
            throw new InvalidOperationException(
                $"This {KerasName} optimizer is already compiled into another model ({_owner.Name}); its moments belong to that model's parameters. Give each model its own optimizer (e.g. new {KerasName}(...) with the same settings).");
        _owner = model;
    }

    internal void Unbind(Model model)
    {
        if (ReferenceEquals(_owner, model)) _owner = null;
    }

    /// <summary>Allocates the state for <paramref name="parameterCount"/> parameters and resets the step count.</summary>
    public void Build(int parameterCount)
    {
        Length = parameterCount;
        Iterations = 0;
        BuildState(parameterCount);
    }

    /// <summary>Applies one update.</summary>
    public void Apply(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        if (parameters.Length != Length || gradients.Length != Length)
            throw new ArgumentException($"The optimizer was built for {Length} parameters but got {parameters.Length} parameters and {gradients.Length} gradients.");
        Iterations++;
        Update(parameters, gradients, 0, Iterations);
    }

    // Split updates (the worker pool): the step is counted once, then each thread updates a range.
    internal long BeginStep() => ++Iterations;

    internal void UpdateRange(Span<float> parameters, ReadOnlySpan<float> gradients, int start, int count, long step)
        => Update(parameters.Slice(start, count), gradients.Slice(start, count), start, step);

    /// <summary>The Keras class name (<c>SGD</c>, <c>Adam</c>, …), for model files.</summary>
    internal abstract string KerasName { get; }

    /// <summary>Hyper-parameters by their Keras names, for model files.</summary>
    internal abstract IEnumerable<KeyValuePair<string, object>> Config { get; }

    /// <summary>The per-parameter state arrays, for model files; named (with empty arrays) before <see cref="Build"/> too.</summary>
    internal abstract IReadOnlyList<OptimizerSlot> StateSlots { get; }

    // Model files restore the step count with the state.
    internal void RestoreIterations(long iterations) => Iterations = iterations;

    /// <summary>Allocates per-parameter state.</summary>
    protected abstract void BuildState(int parameterCount);

    /// <summary>
    /// The fused update of a range of the parameters; <paramref name="offset"/> is where the range
    /// starts in the state arrays, <paramref name="step"/> counts from 1.
    /// </summary>
    protected abstract void Update(Span<float> parameters, ReadOnlySpan<float> gradients, int offset, long step);
}
