namespace Unroll;

public abstract partial class Model
{
    // The managed id of the thread inside a call on this instance, 0 when none. One instance has
    // one workspace: a second thread arriving while a call runs would overwrite it mid-pass.
    private int _user;
    // Predictors reading this network's weights in place (CreatePredictor, not yet disposed).
    private int _predictors;

    /// <summary>
    /// A predictor that serves any number of threads at once over this network's weights, read in
    /// place (no copy); each concurrent call runs on an instance with its own workspace. While a
    /// predictor is open this network refuses to change its weights (Fit, TrainOnBatch, LoadWeights,
    /// Load): dispose the predictor first. Writes through <see cref="Parameters"/> are not seen by
    /// that check; they must not run while the predictor is in use.
    /// </summary>
    /// <param name="maxConcurrency">
    /// Calls that can run at once (each holds a workspace); more wait for a free one. Default: the
    /// processor count.
    /// </param>
    public Predictor CreatePredictor(int? maxConcurrency = null)
    {
        int slots = maxConcurrency ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slots, nameof(maxConcurrency));
        using UseScope use = EnterUse();
        if (FixedBatchSize is int batch)
            throw new InvalidOperationException($"{Name} is stateful (batches of {batch}, state carried from call to call): concurrent callers would share one carried state. Use one network per stream instead of a predictor.");
        Interlocked.Increment(ref _predictors);
        return new Predictor(this, slots);
    }

    // A Predictor's instance over this network's weights.
    internal Model CreateShare() => Share(new SharedWeights(this));

    internal void ReleasePredictor() => Interlocked.Decrement(ref _predictors);

    /// <summary>
    /// Marks this instance in use by the calling thread until the scope is disposed; a call from
    /// another thread meanwhile throws. Calls nested on the same thread (Fit evaluating, a progress
    /// writer predicting) pass. One uncontended interlocked operation.
    /// </summary>
    internal UseScope EnterUse()
    {
        int me = Environment.CurrentManagedThreadId;
        int user = Interlocked.CompareExchange(ref _user, me, 0);
        if (user == 0) return new UseScope(this);
        if (user == me) return default;
        throw new InvalidOperationException(
            $"{Name} is already running a call on another thread (managed thread {user}). An instance holds one workspace and serves one thread at a time: " +
            "for prediction from many threads use CreatePredictor(), which shares these weights without copying them; for training, give each thread its own network.");
    }

    /// <summary>Throws when predictors read these weights in place, before anything changes them.</summary>
    private void ThrowIfShared(string operation)
    {
        int open = Volatile.Read(ref _predictors);
        if (open != 0)
            throw new InvalidOperationException(
                $"{Name} cannot {operation} while {open} predictor(s) from CreatePredictor() read its weights in place: a prediction running meanwhile would see them half-changed. Dispose the predictors first (or train another instance and create a new predictor from it).");
    }

    /// <summary>The extent of one call on an instance (see <see cref="EnterUse"/>).</summary>
    internal readonly ref struct UseScope
    {
        private readonly Model? _model;

        public UseScope(Model model) => _model = model;

        public void Dispose()
        {
            if (_model is not null) Volatile.Write(ref _model._user, 0);
        }
    }
}
