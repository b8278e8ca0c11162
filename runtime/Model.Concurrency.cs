namespace Unroll;

public abstract partial class Model
{
    // One instance has one workspace: a second thread arriving while a call runs would overwrite it
    // mid-pass, so every call claims the instance (EnterUse). Two ways in:
    // - shared: _user holds the managed id of the thread inside (claimed by compare-exchange), 0 when none;
    // - biased: the thread that made BiasAfter calls in a row becomes _owner and then enters with plain
    //   stores (_ownerInside), no interlocked operation: the fast path of a single-sample Predict. A
    //   different thread takes the instance back by claiming _user and then forcing every core's pending
    //   stores out (Interlocked.MemoryBarrierProcessWide, an asymmetric Dekker handshake), so either it
    //   sees the owner inside and refuses, or the owner sees the claim and refuses.
    private const int BiasAfter = 64;
    private int _user;
    private int _owner;
    private int _ownerInside;
    private int _streakUser, _streak; // who made the last shared-path calls in a row, and how many (read and written under _user)
    // Predictors reading this network's weights in place (CreatePredictor, not yet disposed).
    private int _predictors;

    /// <summary>
    /// A predictor that serves any number of threads at once over this network's weights, read in
    /// place; each concurrent call runs on an instance with its own workspace. Where the batched
    /// forward kernels would copy panels of a large weight matrix per call, the predictor packs them
    /// once, now, for this network's current <see cref="KernelWidth"/> (<see cref="Predictor.PackedBytes"/>
    /// of extra memory, at most the size of those matrices, until Dispose); its outputs are this
    /// network's Predict's, bit for bit. It serves the weights as they are now: while a
    /// predictor is open this network refuses to change its weights (Fit, TrainOnBatch, LoadWeights,
    /// Load): dispose the predictor first. Writes through <see cref="Parameters"/> are not seen by
    /// that check; they must not run while the predictor is open (its packed panels would keep the old values).
    /// </summary>
    /// <param name="maxConcurrency">
    /// Calls that can run at once (each holds a workspace); more wait for a free one. Default: the
    /// processor count.
    /// </param>
    /// <param name="threadsPerCall">
    /// Threads one call's large batch is split over, as <see cref="Threads"/> splits this network's
    /// (default 1: the concurrency comes from the callers). The process-wide worker pool serves one
    /// split call at a time, so with many concurrent callers keep 1.
    /// </param>
    public Predictor CreatePredictor(int? maxConcurrency = null, int threadsPerCall = 1)
    {
        int slots = maxConcurrency ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slots, nameof(maxConcurrency));
        if (threadsPerCall is < 1 or > WorkerPool.MaxThreads)
            throw new ArgumentOutOfRangeException(nameof(threadsPerCall), threadsPerCall, $"threadsPerCall must be in [1, {WorkerPool.MaxThreads}].");
        using UseScope use = EnterUse();
        if (FixedBatchSize is int batch)
            throw new InvalidOperationException($"{Name} is stateful (batches of {batch}, state carried from call to call): concurrent callers would share one carried state. Use one network per stream instead of a predictor.");
        Interlocked.Increment(ref _predictors);
        return new Predictor(this, slots, threadsPerCall);
    }

    // A Predictor's instance over this network's weights.
    internal Model CreateShare() => Share(new SharedWeights(this));

    internal void ReleasePredictor() => Interlocked.Decrement(ref _predictors);

    /// <summary>
    /// Marks this instance in use by the calling thread until the scope is disposed; a call from
    /// another thread meanwhile throws. Calls nested on the same thread (Fit evaluating, a progress
    /// writer predicting) pass. One uncontended interlocked operation, or none for the thread the
    /// instance is biased to (see <see cref="_owner"/>).
    /// </summary>
    internal UseScope EnterUse()
    {
        int me = ThreadId;
        if (Volatile.Read(ref _owner) == me)
        {
            if (_ownerInside != 0) return default; // nested on the owner's thread
            Volatile.Write(ref _ownerInside, 1);
            // The other half of the handshake: a thread that claimed _user before its process-wide
            // barrier makes this read see the claim; one that claims later sees _ownerInside.
            if (Volatile.Read(ref _user) == 0) return new UseScope(this, me, biased: true);
            Volatile.Write(ref _ownerInside, 0);
        }
        int user = Interlocked.CompareExchange(ref _user, me, 0);
        if (user == me) return default;
        if (user != 0) throw AlreadyInUse(user);
        int owner = Volatile.Read(ref _owner);
        if (owner != 0 && owner != me)
        {
            Interlocked.MemoryBarrierProcessWide(); // the owner's _ownerInside store is visible now, or its next read of _user sees this claim
            if (Volatile.Read(ref _ownerInside) != 0)
            {
                Volatile.Write(ref _user, 0);
                throw AlreadyInUse(owner);
            }
            Volatile.Write(ref _owner, 0);
        }
        return new UseScope(this, me, biased: false);
    }

    private InvalidOperationException AlreadyInUse(int user) => new(
        $"{Name} is already running a call on another thread (managed thread {user}). An instance holds one workspace and serves one thread at a time: " +
        "for prediction from many threads use CreatePredictor(), which shares these weights without copying them; for training, give each thread its own network.");

    // Environment.CurrentManagedThreadId costs a few nanoseconds per read; a thread-static copy less than one.
    [ThreadStatic] private static int t_threadId;

    private static int ThreadId
    {
        get
        {
            int id = t_threadId;
            return id != 0 ? id : t_threadId = Environment.CurrentManagedThreadId;
        }
    }

    // The end of a shared-path call: after BiasAfter calls in a row from one thread, bias the instance
    // to it (still holding _user, so no other thread is inside or revoking), then release.
    private void LeaveShared(int me)
    {
        if (_streakUser == me)
        {
            if (++_streak >= BiasAfter && _owner == 0) Volatile.Write(ref _owner, me);
        }
        else
        {
            _streakUser = me;
            _streak = 1;
        }
        Volatile.Write(ref _user, 0);
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
        private readonly int _thread;
        private readonly bool _biased;

        public UseScope(Model model, int thread, bool biased)
        {
            _model = model;
            _thread = thread;
            _biased = biased;
        }

        public void Dispose()
        {
            if (_model is null) return;
            if (_biased) Volatile.Write(ref _model._ownerInside, 0);
            else _model.LeaveShared(_thread);
        }
    }
}
