namespace Unroll;

/// <summary>
/// Thread-safe prediction over one network's weights (<see cref="Model.CreatePredictor"/>): any
/// number of threads may call <see cref="Predict(ReadOnlySpan{float}, Span{float})"/> at once.
/// Every concurrent call runs on its own instance of the network (its own workspace; one thread
/// unless made with threadsPerCall), and every instance reads the source network's weights in
/// place. Where the network's batched forward kernels would copy panels of a large weight matrix
/// on every call, the predictor instead packs them once when it is made (as ONNX Runtime does for constant weights), shared
/// read-only by all its instances: <see cref="PackedBytes"/> of extra memory, at most the size of
/// those weight matrices, released by Dispose. It serves the weights as they were when the
/// predictor was made, at the <see cref="Model.KernelWidth"/> its network had then.
/// Instances are made on first need, up to the maximum concurrency; a call that finds them all
/// busy waits for one. Once each instance has served the largest batch it sees, a call allocates
/// nothing. Results are those of the source network's own Predict, bit for bit (the packed panels
/// hold the same values, read in the same order). Dispose the predictor (after its last call) to
/// let the source network train or load weights again.
/// </summary>
public sealed class Predictor : IDisposable
{
    private const int Free = 0, Busy = 1, Closed = 2;

    private readonly Model _source;
    private readonly Model?[] _instances;
    private readonly int[] _states; // per instance: Free, Busy (a call runs on it) or Closed (disposed)
    private int _disposed;
    private readonly KernelWidth _width; // every instance runs at the width the panels were packed for
    private PackedPanels? _packedPanels;
    private readonly int _threadsPerCall;

    // Called with the source held (EnterUse), so its weights cannot change while they are packed.
    internal Predictor(Model source, int maxConcurrency, int threadsPerCall)
    {
        _threadsPerCall = threadsPerCall;
        _source = source;
        _instances = new Model?[maxConcurrency];
        _states = new int[maxConcurrency];
        _width = source.KernelWidth;
        _packedPanels = source.PackPanelsFor(_width);
    }

    /// <summary>The class name of the network.</summary>
    public string Name => _source.Name;

    /// <summary>Values per input sample.</summary>
    public int InputSize => _source.InputSize;

    /// <summary>Values per output sample.</summary>
    public int OutputSize => _source.OutputSize;

    /// <summary>Calls that can run at once; more wait for a free instance.</summary>
    public int MaxConcurrency => _instances.Length;

    /// <summary>
    /// Bytes of the weight panels this predictor packed once for its network's batched forward
    /// kernels (0 when they copy none, and after Dispose): the memory it holds beyond its instances' workspaces.
    /// </summary>
    public long PackedBytes => _packedPanels?.Bytes ?? 0;

    /// <summary>The packed panels the instances read (tests).</summary>
    internal PackedPanels? PackedPanels => _packedPanels;

    /// <summary>
    /// Predicts the outputs of every sample in <paramref name="inputs"/> (one or many, flat,
    /// row-major) into <paramref name="outputs"/>, as <see cref="Model.Predict(ReadOnlySpan{float}, Span{float})"/> does.
    /// Safe to call from any number of threads at once.
    /// </summary>
    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        int slot = Rent();
        try
        {
            _instances[slot]!.PredictCore(inputs, outputs);
        }
        finally
        {
            Volatile.Write(ref _states[slot], Free);
        }
    }

    /// <summary>Predicts the outputs of every sample in <paramref name="inputs"/> (flat, row-major).</summary>
    public float[] Predict(ReadOnlySpan<float> inputs)
    {
        int samples = DataChecks.SampleCount(_source, inputs, nameof(inputs));
        var outputs = new float[samples * OutputSize];
        Predict(inputs, outputs);
        return outputs;
    }

    /// <summary>Predicts from token ids (a network whose first layer is an Embedding).</summary>
    public float[] Predict(ReadOnlySpan<int> tokenIds) => Predict((ReadOnlySpan<float>)Model.ToFloats(tokenIds));

    /// <summary>Predicts one output row per input row.</summary>
    public Matrix Predict(Matrix inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        _source.CheckColumns(inputs, nameof(inputs));
        return new Matrix(inputs.Rows, OutputSize, Predict(inputs.Data));
    }

    /// <summary>
    /// Waits for the calls running now to finish, then releases the source network (it may train
    /// and load weights again). Later calls throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        for (int i = 0; i < _states.Length; i++)
        {
            var spinner = new SpinWait();
            while (Interlocked.CompareExchange(ref _states[i], Closed, Free) != Free) spinner.SpinOnce();
            _instances[i] = null; // closed: no call reads it again
        }
        _packedPanels = null;
        _source.ReleasePredictor();
    }

    // Claims a free instance (made on first need), starting at a slot that depends on the thread so
    // that steady callers tend to keep theirs; waits while every instance is busy.
    private int Rent()
    {
        int count = _states.Length;
        int start = (int)((uint)Environment.CurrentManagedThreadId % (uint)count);
        var spinner = new SpinWait();
        while (true)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            for (int k = 0, i = start; k < count; k++, i = i + 1 == count ? 0 : i + 1)
            {
                if (Volatile.Read(ref _states[i]) == Free && Interlocked.CompareExchange(ref _states[i], Busy, Free) == Free)
                {
                    // Only the holder of slot i writes _instances[i]; the interlocked claim orders it.
                    if (_instances[i] is null)
                    {
                        try
                        {
                            Model instance = _source.CreateShare();
                            instance.KernelWidth = _width;
                            instance.Threads = _threadsPerCall;
                            instance.UsePackedPanels(_packedPanels);
                            _instances[i] = instance;
                        }
                        catch
                        {
                            Volatile.Write(ref _states[i], Free);
                            throw;
                        }
                    }
                    return i;
                }
            }
            spinner.SpinOnce();
        }
    }
}
