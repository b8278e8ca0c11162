namespace Unroll.Tests.Networks;

/// <summary>
/// A hand-written stand-in (not generated) for the first layer with non-trainable weights
/// (BatchNormalization's moving statistics), written as generated code subclasses Model:
/// <c>normalization</c> shifts by a non-trainable <c>moving_mean</c> and scales by a trainable
/// <c>gamma</c>, then <c>dense</c> maps 2 → 1 (linear). Keras order lists the normalization's weights
/// together; the buffer puts the non-trainable one after every trainable tensor:
/// <code>
///   normalization/gamma        [0, 2)  (2)
///   normalization/moving_mean  [5, 7)  (2)    non-trainable
///   dense/kernel               [2, 4)  (2, 1)
///   dense/bias                 [4, 5)  (1)
/// </code>
/// h = (x − moving_mean) · gamma; y = h · kernel + bias. The forward pass only reads moving_mean.
/// </summary>
public sealed class FrozenStateNet : Model
{
    public const int InputLength = 2;
    public const int OutputLength = 1;
    public const int ParameterLength = 7;
    public const int TrainableLength = 5;

    /// <summary>The stand-in's moving mean: not what initialisation or training would give.</summary>
    public static readonly float[] InitialMovingMean = [0.5f, -0.25f];

    private static readonly ParameterTensor[] KerasOrder =
    [
        new("normalization/gamma", 0, [2]),
        new("normalization/moving_mean", 5, [2], trainable: false),
        new("dense/kernel", 2, [2, 1]),
        new("dense/bias", 4, [1]),
    ];

    private readonly IReadOnlyList<ParameterTensor> _tensors;
    private int _capacity;
    private float[] _h = [], _y = [], _g = [];

    public FrozenStateNet(int? seed = null) : this(KerasOrder, seed)
    {
    }

    /// <summary>The same network with another tensor table, for the layout checks.</summary>
    public FrozenStateNet(IReadOnlyList<ParameterTensor> tensors, int? seed = null) : base(ParameterLength, InputLength, OutputLength, seed)
    {
        _tensors = tensors;
        EnsureCapacity(1);
        Span<float> p = Parameters;
        p.Slice(0, 2).Fill(1f); // gamma: ones, as Keras
        Initializers.Fill(p.Slice(2, 2), Initializer.GlorotUniform, fanIn: 2, fanOut: 1, Random);
        InitialMovingMean.CopyTo(p.Slice(5, 2));
    }

    // Baked weights: none of its own until UseBakedWeights maps or copies them.
    private FrozenStateNet(ReadOnlySpan<byte> staticData) : base(ParameterLength, InputLength, OutputLength, seed: 0, allocateParameters: false)
    {
        _tensors = KerasOrder;
        EnsureCapacity(1);
        UseBakedWeights(staticData, "frozen.safetensors", trainable: false);
    }

    /// <summary>As generated <c>CreateBaked()</c> does, over <paramref name="staticData"/>, which must never move (pinned).</summary>
    public static FrozenStateNet Baked(byte[] staticData) => new(staticData.AsSpan());

    private FrozenStateNet(SharedWeights weights, IReadOnlyList<ParameterTensor> tensors) : base(weights)
    {
        _tensors = tensors;
        EnsureCapacity(1);
    }

    protected override Model Share(SharedWeights weights) => new FrozenStateNet(weights, _tensors);

    public override string Name => "FrozenStateNet";
    public override IReadOnlyList<int> OutputShape { get; } = Array.AsReadOnly(new[] { 1 });
    public override Activation OutputActivation => Activation.Linear;
    public override IReadOnlyList<ParameterTensor> ParameterTensors => _tensors;

    public override IReadOnlyList<LayerInfo> Layers { get; } = [new LayerInfo("normalization", "Normalization", [2], [2], 4), new LayerInfo("dense", "Dense", [2], [1], 3)];
    protected override int Capacity => _capacity;
    protected override long MultiplyAddsPerSample => 4;
    protected override int WorkspacePerSample => 4;
    public override string Summary() => "FrozenStateNet";
    public override string ToJson() => "{}";

    protected override void EnsureCapacity(int batch)
    {
        if (batch <= _capacity) return;
        _h = new float[batch * 2];
        _y = new float[batch];
        _g = new float[batch];
        _capacity = batch;
    }

    protected override void ForwardRange(ReadOnlySpan<float> inputs, int start, int count, bool training)
    {
        ReadOnlySpan<float> p = Weights;
        for (int b = 0; b < count; b++)
            _y[start + b] = Sample(p, inputs.Slice(b * 2, 2), _h.AsSpan((start + b) * 2, 2));
    }

    private static float Sample(ReadOnlySpan<float> p, ReadOnlySpan<float> x, Span<float> h)
    {
        float y = p[4];
        for (int j = 0; j < 2; j++)
        {
            h[j] = (x[j] - p[5 + j]) * p[j];
            y += h[j] * p[2 + j];
        }
        return y;
    }

    protected override ReadOnlySpan<float> Outputs(int batch) => _y.AsSpan(0, batch);

    protected override void PredictSample(ReadOnlySpan<float> input, Span<float> output) => output[0] = Sample(Weights, input, _h.AsSpan(0, 2));

    protected override Span<float> OutputGradient(int batch) => _g.AsSpan(0, batch);

    protected override void BackwardRange(ReadOnlySpan<float> inputs, int start, int count, Span<float> gradients)
    {
        // The gradient buffer holds the trainable part only: gamma [0, 2), kernel [2, 4), bias [4, 5).
        ReadOnlySpan<float> p = Weights;
        gradients.Slice(0, TrainableLength).Clear();
        for (int b = 0; b < count; b++)
        {
            float g = _g[start + b];
            for (int j = 0; j < 2; j++)
            {
                gradients[2 + j] += _h[(start + b) * 2 + j] * g;
                gradients[j] += g * p[2 + j] * (inputs[b * 2 + j] - p[5 + j]);
            }
            gradients[4] += g;
        }
    }
}
