using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Unroll;

/// <summary>
/// A compiled network. The Unroll generator derives every <c>[Sequential]</c> class from this
/// type and overrides the network members (sizes, Forward, Backward) with code specialised for
/// its shapes; this class supplies the Keras lifecycle around them: Compile, Fit, Evaluate,
/// Predict, TrainOnBatch, Summary. An instance owns one workspace and serves one thread at a time
/// (a call from a second thread while one runs is refused); <see cref="CreatePredictor"/> gives
/// thread-safe prediction over the same weights.
/// </summary>
public abstract partial class Model
{
    private readonly int _parameterCount;
    // The weights live either in this buffer (writable, trainable) or, for a network made by
    // CreateBaked(), at _mappedWeights: inside the assembly image, read-only, never copied.
    private AlignedBuffer? _parameters;
    private unsafe float* _mappedWeights;
    private AlignedBuffer? _gradients; // allocated by the first backward pass, for the trainable part only
    private ParameterLayout? _layout; // read from ParameterTensors and checked at first use
    private readonly Model? _weightSource; // a predictor's instance: the network whose weights _mappedWeights points into

    /// <summary>Called by generated constructors with the network's parameter count.</summary>
    protected Model(int parameterCount, int inputSize, int outputSize, int? seed)
        : this(parameterCount, inputSize, outputSize, seed, allocateParameters: true)
    {
    }

    /// <summary>
    /// Called by generated constructors; without <paramref name="allocateParameters"/> the network has
    /// no weights until the generated code maps or loads them (baked weights).
    /// </summary>
    protected Model(int parameterCount, int inputSize, int outputSize, int? seed, bool allocateParameters)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        InputSize = inputSize;
        OutputSize = outputSize;
        _parameterCount = parameterCount;
        if (allocateParameters) _parameters = new AlignedBuffer(parameterCount);
        Seed = seed is int s ? (ulong)s : SeededRandom.FreshSeed();
        Random = new SeededRandom(Seed);
    }

    /// <summary>
    /// Called by the generated constructor of a <see cref="Predictor"/>'s instance: the network of
    /// <paramref name="weights"/>'s source, reading the source's weights in place (no copy, no
    /// parameter buffer of its own), with a workspace of its own and one thread.
    /// </summary>
    protected unsafe Model(SharedWeights weights)
    {
        Model source = weights.Source ?? throw new ArgumentException("Shared weights come from Model.CreatePredictor.", nameof(weights));
        InputSize = source.InputSize;
        OutputSize = source.OutputSize;
        _parameterCount = source._parameterCount;
        Seed = 0;
        Random = new SeededRandom(0);
        _threads = 1; // a predictor's concurrency comes from its callers, not from splitting their batches
        KernelWidth = source.KernelWidth;
        _weightSource = source; // keeps the source's pinned buffer alive as long as this reads it
        _mappedWeights = source._parameters is { } buffer
            ? (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(buffer.Span))
            : source._mappedWeights;
    }

    /// <summary>The network whose weights a <see cref="Predictor"/>'s instance reads (see <see cref="Model(SharedWeights)"/>).</summary>
    protected readonly struct SharedWeights
    {
        internal SharedWeights(Model source) => Source = source;

        internal Model? Source { get; }
    }

    /// <summary>
    /// A new instance of this network that reads <paramref name="weights"/>' source weights in place:
    /// generated as <c>new Net(weights)</c>. Only <see cref="CreatePredictor"/> calls it.
    /// </summary>
    protected abstract Model Share(SharedWeights weights);

    /// <summary>The seed of <see cref="Random"/>: the given one, or a fresh one when none was given.</summary>
    public ulong Seed { get; }

    /// <summary>The model's generator: initial weights first, then shuffles unless Fit gets its own seed.</summary>
    protected SeededRandom Random { get; }

    /// <summary>The class name of the network.</summary>
    public abstract string Name { get; }

    /// <summary>Values per input sample (the product of the input shape).</summary>
    public int InputSize { get; }

    /// <summary>Values per output sample.</summary>
    public int OutputSize { get; }

    /// <summary>
    /// The shape of one output sample, without the batch axis (Keras <c>output_shape[1:]</c>):
    /// <c>[3]</c> for a Dense(3), <c>[10, 5]</c> for a Dense(5) over 10 time steps.
    /// </summary>
    public abstract IReadOnlyList<int> OutputShape { get; }

    /// <summary>
    /// The length of the output's last axis: softmax, the cross-entropies and accuracy act on each
    /// row of this many values (the classes of one position), as Keras does; a sample holds
    /// <see cref="OutputSize"/> / <see cref="OutputClasses"/> such positions.
    /// </summary>
    public int OutputClasses => OutputShape[OutputShape.Count - 1];

    /// <summary>The activation of the last layer, which losses fuse with where they can.</summary>
    public abstract Activation OutputActivation { get; }

    /// <summary>
    /// All weights in one buffer, laid out as the generated header's table says: the trainable
    /// tensors fill [0, <see cref="TrainableParameterCount"/>), the non-trainable ones (moving
    /// statistics) follow. Throws for a network whose weights are mapped read-only from the assembly
    /// (<c>CreateBaked()</c>); read <see cref="Weights"/> there, or use <c>CreateBaked(trainable: true)</c>.
    /// </summary>
    /// <remarks>
    /// The span is writable and this network cannot see when it is written: from the first read of
    /// this property on, batched predictions stop keeping packed weight panels (see
    /// <see cref="PackWeightPanels"/>) and copy them per call. Read <see cref="Weights"/> to look at
    /// the weights; <see cref="CreatePredictor"/> packs for fast inference regardless.
    /// </remarks>
    public Span<float> Parameters
    {
        get
        {
            Span<float> weights = WritableParameters;
            LendWeights();
            return weights;
        }
    }

    /// <summary>
    /// The weights for generated constructors to initialise (the parameter buffer, writable), without
    /// lending them out as <see cref="Parameters"/> does.
    /// </summary>
    protected Span<float> ParameterBuffer => WritableParameters;

    // The runtime's own way to write the weights (optimizer steps, loading, restoring): it marks every
    // packed copy of the old values stale before handing the buffer out. Every such writer takes the
    // span in the same call that writes it, so no write comes after a later repack.
    internal Span<float> WritableParameters
    {
        get
        {
            if (_parameters is not { } buffer) throw ReadOnlyWeights();
            Interlocked.Increment(ref _weightsVersion);
            return buffer.Span;
        }
    }

    /// <summary>The weights, read-only: <see cref="Parameters"/>, or the mapped baked weights.</summary>
    public unsafe ReadOnlySpan<float> Weights => _parameters is { } buffer ? buffer.Span : new ReadOnlySpan<float>(_mappedWeights, _parameterCount);

    /// <summary>Whether the weights are read in place from the assembly image (read-only; no copy was made).</summary>
    public unsafe bool WeightsAreMapped => _parameters is null && _mappedWeights != null && _weightSource is null;

    /// <summary>
    /// The gradient of the last <see cref="ComputeGradients"/>: the same offsets as <see cref="Parameters"/>
    /// over its trainable part, so <see cref="TrainableParameterCount"/> long (non-trainable weights have none).
    /// </summary>
    public ReadOnlySpan<float> Gradients => GradientStore.Span;

    private AlignedBuffer GradientStore => _gradients ??= new AlignedBuffer(Layout.Trainable);

    // The trainable part of the buffer: what optimizers update.
    internal Span<float> TrainableParameters => WritableParameters[..Layout.Trainable];

    internal ParameterLayout Layout => _layout ??= ParameterLayout.Of(Name, ParameterTensors, _parameterCount);

    private InvalidOperationException ReadOnlyWeights()
        => new($"{Name} runs on weights mapped read-only from its assembly (CreateBaked()); they cannot be changed or trained. Use CreateBaked(trainable: true) for a writable copy.");

    /// <summary>
    /// Baked weights (<c>CreateBaked()</c>): <paramref name="staticData"/> is a safetensors file the
    /// build compiled into the assembly as static data, which never moves. The network reads its
    /// weights there in place when the file's tensors lie exactly as the parameter buffer (as
    /// SaveWeights writes them); otherwise, or when <paramref name="trainable"/>, they are copied
    /// into a parameter buffer. Only generated code calls this, with static data.
    /// </summary>
    protected unsafe void UseBakedWeights(ReadOnlySpan<byte> staticData, string name, bool trainable)
    {
        string source = name + " (baked in)";
        // Static data lives in the loaded image: its address is fixed for the life of the process.
        byte* start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(staticData));
        if (!trainable && TryMapWeights(staticData, start, source)) return;
        _parameters ??= new AlignedBuffer(_parameterCount);
        LoadWeights(staticData, source);
    }

    /// <summary>Workspace floats per sample (activations, gradients, patches): sizes Predict's chunks.</summary>
    protected abstract int WorkspacePerSample { get; }

    /// <summary>The batch size a stateful network was declared with (<c>[Input(…, BatchSize = n)]</c>), or null when any batch size works.</summary>
    public virtual int? FixedBatchSize => null;

    /// <summary>
    /// For a network whose first layer is an Embedding: the number of token ids it knows, so inputs
    /// must be whole numbers in [0, InputVocabulary); null for a network of real-valued inputs.
    /// </summary>
    public virtual int? InputVocabulary => null;

    /// <summary>Clears the carried state of stateful layers (Keras <c>reset_states</c>); nothing for other networks.</summary>
    public virtual void ResetStates() { }

    /// <summary>Multiply-adds of one sample's forward pass (from the shapes; sizes the thread split).</summary>
    protected abstract long MultiplyAddsPerSample { get; }

    /// <summary>
    /// The named tensors of <see cref="Parameters"/> in Keras order (layer by layer, a layer's trainable
    /// weights before its non-trainable ones); each <see cref="ParameterTensor.Offset"/> says where it
    /// lies. They must tile the buffer, trainable tensors first (checked at first use).
    /// </summary>
    public abstract IReadOnlyList<ParameterTensor> ParameterTensors { get; }

    /// <summary>The number of weights, trainable or not (Keras <c>count_params()</c>, "Total params"): the length of <see cref="Parameters"/>.</summary>
    public int ParameterCount => _parameterCount;

    /// <summary>The number of weights optimizers train ("Trainable params"): the length of <see cref="Gradients"/> and of each optimizer state array.</summary>
    public int TrainableParameterCount => Layout.Trainable;

    /// <summary>The number of weights no optimizer changes ("Non-trainable params"), such as moving statistics.</summary>
    public int NonTrainableParameterCount => _parameterCount - Layout.Trainable;

    /// <summary>Gradient buffer for generated backward passes to write: the trainable part's offsets, <see cref="TrainableParameterCount"/> long.</summary>
    protected Span<float> GradientBuffer => GradientStore.Span;

    /// <summary>The Keras-style summary table (layers, output shapes, parameter counts).</summary>
    public abstract string Summary();

    /// <summary>
    /// The architecture in the form of Keras 3's <c>model.to_json()</c> (a Sequential with an
    /// InputLayer, Keras class names, configs and defaults). <c>[KerasModel("file.json")]</c> reads
    /// it back into the same network; Keras's <c>model_from_json</c> reads it too.
    /// </summary>
    public abstract string ToJson();

    /// <summary>The largest batch the workspace currently holds (the runtime's check before a batch runs; callers never need it).</summary>
    protected abstract int Capacity { get; }

    /// <summary>Grows the workspace to hold <paramref name="batch"/> samples. Allocates only when it grows.</summary>
    protected abstract void EnsureCapacity(int batch);

    // The runtime's own entry to the workspace (generated overrides are protected, not internal).
    internal void Reserve(int batch) => EnsureCapacity(batch);

    /// <summary>
    /// Runs the network on rows [<paramref name="start"/>, start + <paramref name="count"/>) of the
    /// batch: <paramref name="inputs"/> holds exactly those rows, the outputs and (in training)
    /// the cached activations go to the same rows of the workspace. Rows are independent, so
    /// ranges can run on different threads. Sizes are checked by the caller.
    /// </summary>
    protected abstract void ForwardRange(ReadOnlySpan<float> inputs, int start, int count, bool training);

    /// <summary>The outputs of the last forward pass for <paramref name="batch"/> samples.</summary>
    protected abstract ReadOnlySpan<float> Outputs(int batch);

    /// <summary>
    /// Inference on exactly one sample, straight into <paramref name="output"/>: the latency path.
    /// The lengths are checked by the caller and the workspace always holds one sample.
    /// </summary>
    protected abstract void PredictSample(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>Where the loss writes dLoss/dz of the output activation, for <paramref name="batch"/> samples.</summary>
    protected abstract Span<float> OutputGradient(int batch);

    /// <summary>Work done once per batch before its row ranges run forward (e.g. drawing dropout masks on one thread).</summary>
    protected virtual void PrepareForward(int batch, bool training) { }

    /// <summary>Work shared by every row range of a backward pass (e.g. transposed weight copies), done once before them.</summary>
    protected virtual void PrepareBackward() { }

    /// <summary>
    /// Back-propagates <see cref="OutputGradient"/> for rows [<paramref name="start"/>, start +
    /// <paramref name="count"/>) through the cached forward pass, writing (not adding) that range's
    /// contribution to every parameter gradient into <paramref name="gradients"/>.
    /// </summary>
    protected abstract void BackwardRange(ReadOnlySpan<float> inputs, int start, int count, Span<float> gradients);

    /// <summary>
    /// Whether a split forward pass is cut by output columns (<see cref="ForwardColumns"/>) instead
    /// of by batch rows: a network whose only layer is a wide Dense, so each thread reads only its
    /// columns of the kernel.
    /// </summary>
    protected virtual bool SplitsForwardColumns => false;

    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/> of the outputs' columns, for all
    /// <paramref name="batch"/> samples of <paramref name="inputs"/>: the parts together write what
    /// <see cref="ForwardRange"/> writes for the batch, with the same bits.
    /// </summary>
    protected virtual void ForwardColumns(ReadOnlySpan<float> inputs, int batch, int part, int parts)
        => throw new NotSupportedException($"{Name} does not split its forward pass by columns.");

    /// <summary>
    /// A weight gradient that <see cref="BackwardRange"/> leaves out, to be split across threads by
    /// its rows instead (each over the whole batch, see <see cref="WeightGradientRange"/>): where it
    /// starts in the gradients and its shape. Rows is 0 when there is none.
    /// </summary>
    protected virtual (int Offset, int Rows, int Columns) WeightGradientSplit => default;

    /// <summary>
    /// Whether the <see cref="WeightGradientSplit"/> layer's g comes from <see cref="BackwardRange"/>
    /// (a first or middle layer's), so that its parts must wait for every row range; an output
    /// layer's g is the loss's, complete before the backward pass starts.
    /// </summary>
    protected virtual bool WeightGradientSplitWaitsForRanges => false;

    /// <summary>
    /// Rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) of the <see cref="WeightGradientSplit"/>
    /// gradient (and what goes with it, e.g. the bias gradient with the range from row 0), over all
    /// <paramref name="batch"/> samples of the cached pass, written into <paramref name="gradients"/>.
    /// </summary>
    protected virtual void WeightGradientRange(ReadOnlySpan<float> inputs, int batch, int rowStart, int rowEnd, Span<float> gradients)
        => throw new NotSupportedException($"{Name} has no weight gradient split by rows.");

    /// <summary>
    /// Returns the regularisation penalty and, when asked, adds its gradient to the gradient buffer.
    /// Only trainable tensors are regularised (the gradient buffer has no room for the others).
    /// </summary>
    protected virtual float Regularization(bool addGradients) => 0f;

    /// <inheritdoc/>
    public override string ToString() => Summary();
}
