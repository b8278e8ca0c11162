using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Unroll;

/// <summary>Adagrad (Keras 3): <c>acc += g²; w −= lr·g / sqrt(acc + ε)</c>, accumulator starting at 0.1.</summary>
public sealed class Adagrad(float learningRate = 0.001f, float initialAccumulatorValue = 0.1f, float epsilon = 1e-7f) : Optimizer(learningRate)
{
    private float[] _accumulator = [];

    // A gradient below this squares to a subnormal (see Subnormals).
    private static readonly int SquareFloor = Subnormals.SquareProductFloor(1f);

    /// <summary>Starting value of every accumulator.</summary>
    public float InitialAccumulatorValue { get; } = initialAccumulatorValue >= 0 ? initialAccumulatorValue : throw new ArgumentOutOfRangeException(nameof(initialAccumulatorValue), initialAccumulatorValue, "The initial accumulator value must be non-negative.");
    /// <summary>Added inside the square root.</summary>
    public float Epsilon { get; } = epsilon > 0 ? epsilon : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive.");

    internal override string KerasName => "Adagrad";

    internal override IEnumerable<KeyValuePair<string, object>> Config => [new("learning_rate", LearningRate), new("initial_accumulator_value", InitialAccumulatorValue), new("epsilon", Epsilon)];

    internal override IReadOnlyList<OptimizerSlot> StateSlots => [new("accumulator", _accumulator)];

    /// <inheritdoc/>
    protected override void BuildState(int parameterCount)
    {
        _accumulator = new float[parameterCount];
        _accumulator.AsSpan().Fill(InitialAccumulatorValue);
    }

    /// <inheritdoc/>
    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, int offset, long step)
    {
        float eps = Epsilon, lr = LearningRate;
        ref float w = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float a = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_accumulator), offset);
        int n = parameters.Length, i = 0;
        // One pass, widest vectors first. The accumulator only grows: no subnormals to flush; but
        // a gradient below 10⁻¹⁹ squares to one, so it is left out of the sum (see Subnormals).
        int squareFloor = SquareFloor;
        if (Vector512.IsHardwareAccelerated)
        {
            var vlr = Vector512.Create(lr); var veps = Vector512.Create(eps); var vggFloor = Vector512.Create(squareFloor);
            for (; i + Vector512<float>.Count <= n; i += Vector512<float>.Count)
            {
                var gv = Vector512.LoadUnsafe(ref g, (nuint)i);
                var gg = Subnormals.ZeroBelow(gv, vggFloor);
                var av = Vector512.LoadUnsafe(ref a, (nuint)i) + gg * gg;
                av.StoreUnsafe(ref a, (nuint)i);
                (Vector512.LoadUnsafe(ref w, (nuint)i) - vlr * gv / Vector512.Sqrt(av + veps)).StoreUnsafe(ref w, (nuint)i);
            }
        }
        else if (Vector.IsHardwareAccelerated)
        {
            var vlr = new Vector<float>(lr); var veps = new Vector<float>(eps); var vggFloor = new Vector<int>(squareFloor);
            for (; i + Vector<float>.Count <= n; i += Vector<float>.Count)
            {
                var gv = Vector.LoadUnsafe(ref g, (nuint)i);
                var gg = Subnormals.ZeroBelow(gv, vggFloor);
                var av = Vector.LoadUnsafe(ref a, (nuint)i) + gg * gg;
                av.StoreUnsafe(ref a, (nuint)i);
                (Vector.LoadUnsafe(ref w, (nuint)i) - vlr * gv / Vector.SquareRoot(av + veps)).StoreUnsafe(ref w, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float gs = Unsafe.Add(ref g, i), gg = Subnormals.ZeroBelow(gs, squareFloor);
            float acc = Unsafe.Add(ref a, i) += gg * gg;
            Unsafe.Add(ref w, i) -= lr * gs / MathF.Sqrt(acc + eps);
        }
    }
}
