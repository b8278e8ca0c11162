using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Unroll;

/// <summary>
/// Adadelta (Keras 3, learning rate 0.001 by default, not 1.0):
/// <c>E[g²] = ρE[g²] + (1 − ρ)g²; Δ = sqrt(E[Δ²] + ε)/sqrt(E[g²] + ε)·g; E[Δ²] = ρE[Δ²] + (1 − ρ)Δ²; w −= lr·Δ</c>.
/// </summary>
public sealed class Adadelta(float learningRate = 0.001f, float rho = 0.95f, float epsilon = 1e-7f) : Optimizer(learningRate)
{
    private float[] _gradSquares = [], _deltaSquares = [];

    // A gradient or step below this is left out of its average: (1 − ρ)·x² would be subnormal (see Subnormals).
    private readonly int _squareFloor = Subnormals.SquareProductFloor(1 - rho);

    /// <summary>Decay of both running averages.</summary>
    public float Rho { get; } = rho is >= 0 and < 1 ? rho : throw new ArgumentOutOfRangeException(nameof(rho), rho, "rho must be in [0, 1).");
    /// <summary>Added inside both square roots.</summary>
    public float Epsilon { get; } = epsilon > 0 ? epsilon : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive.");

    internal override string KerasName => "Adadelta";

    internal override IEnumerable<KeyValuePair<string, object>> Config => [new("learning_rate", LearningRate), new("rho", Rho), new("epsilon", Epsilon)];

    internal override IReadOnlyList<OptimizerSlot> StateSlots => [new("accumulated_grad", _gradSquares), new("accumulated_delta_var", _deltaSquares)];

    /// <inheritdoc/>
    protected override void BuildState(int parameterCount)
    {
        _gradSquares = new float[parameterCount];
        _deltaSquares = new float[parameterCount];
    }

    /// <inheritdoc/>
    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, int offset, long step)
    {
        float rho = Rho, eps = Epsilon, lr = LearningRate;
        ref float w = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float eg = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_gradSquares), offset);
        ref float ed = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_deltaSquares), offset);
        int n = parameters.Length, i = 0;
        // One pass, widest vectors first; both averages decay towards subnormals where the gradient stops,
        // and a tiny gradient's or step's square would be one (see Subnormals).
        if (Vector512.IsHardwareAccelerated)
        {
            var vrho = Vector512.Create(rho); var vc = Vector512.Create(1 - rho);
            var vlr = Vector512.Create(lr); var veps = Vector512.Create(eps); var vsqFloor = Vector512.Create(_squareFloor);
            for (; i + Vector512<float>.Count <= n; i += Vector512<float>.Count)
            {
                var gv = Vector512.LoadUnsafe(ref g, (nuint)i);
                var gg = Subnormals.ZeroBelow(gv, vsqFloor);
                var egv = Subnormals.Flush(vrho * Vector512.LoadUnsafe(ref eg, (nuint)i) + vc * gg * gg);
                var edv = Vector512.LoadUnsafe(ref ed, (nuint)i);
                var delta = Vector512.Sqrt(edv + veps) / Vector512.Sqrt(egv + veps) * gv;
                egv.StoreUnsafe(ref eg, (nuint)i);
                var dd = Subnormals.ZeroBelow(delta, vsqFloor);
                Subnormals.Flush(vrho * edv + vc * dd * dd).StoreUnsafe(ref ed, (nuint)i);
                (Vector512.LoadUnsafe(ref w, (nuint)i) - vlr * delta).StoreUnsafe(ref w, (nuint)i);
            }
        }
        else if (Vector.IsHardwareAccelerated)
        {
            var vrho = new Vector<float>(rho); var vc = new Vector<float>(1 - rho);
            var vlr = new Vector<float>(lr); var veps = new Vector<float>(eps); var vsqFloor = new Vector<int>(_squareFloor);
            for (; i + Vector<float>.Count <= n; i += Vector<float>.Count)
            {
                var gv = Vector.LoadUnsafe(ref g, (nuint)i);
                var gg = Subnormals.ZeroBelow(gv, vsqFloor);
                var egv = Subnormals.Flush(vrho * Vector.LoadUnsafe(ref eg, (nuint)i) + vc * gg * gg);
                var edv = Vector.LoadUnsafe(ref ed, (nuint)i);
                var delta = Vector.SquareRoot(edv + veps) / Vector.SquareRoot(egv + veps) * gv;
                egv.StoreUnsafe(ref eg, (nuint)i);
                var dd = Subnormals.ZeroBelow(delta, vsqFloor);
                Subnormals.Flush(vrho * edv + vc * dd * dd).StoreUnsafe(ref ed, (nuint)i);
                (Vector.LoadUnsafe(ref w, (nuint)i) - vlr * delta).StoreUnsafe(ref w, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float gs = Unsafe.Add(ref g, i), gg = Subnormals.ZeroBelow(gs, _squareFloor);
            float egs = Unsafe.Add(ref eg, i) = Subnormals.Flush(rho * Unsafe.Add(ref eg, i) + (1 - rho) * gg * gg);
            float delta = MathF.Sqrt(Unsafe.Add(ref ed, i) + eps) / MathF.Sqrt(egs + eps) * gs;
            float dd = Subnormals.ZeroBelow(delta, _squareFloor);
            Unsafe.Add(ref ed, i) = Subnormals.Flush(rho * Unsafe.Add(ref ed, i) + (1 - rho) * dd * dd);
            Unsafe.Add(ref w, i) -= lr * delta;
        }
    }
}
