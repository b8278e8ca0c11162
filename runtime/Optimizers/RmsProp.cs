using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Unroll;

/// <summary>RMSprop (Keras 3, not centered, no momentum): <c>v = ρv + (1 − ρ)g²; w −= lr·g / sqrt(v + ε)</c>.</summary>
public sealed class RmsProp(float learningRate = 0.001f, float rho = 0.9f, float epsilon = 1e-7f) : Optimizer(learningRate)
{
    private float[] _v = [];

    // A gradient below this is left out of v: (1 − ρ)·g² would be subnormal (see Subnormals).
    private readonly int _squareFloor = Subnormals.SquareProductFloor(1 - rho);

    /// <summary>Decay of the squared-gradient average.</summary>
    public float Rho { get; } = rho is >= 0 and < 1 ? rho : throw new ArgumentOutOfRangeException(nameof(rho), rho, "rho must be in [0, 1).");
    /// <summary>Added inside the square root.</summary>
    public float Epsilon { get; } = epsilon > 0 ? epsilon : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive.");

    internal override string KerasName => "RMSprop";

    internal override IEnumerable<KeyValuePair<string, object>> Config => [new("learning_rate", LearningRate), new("rho", Rho), new("epsilon", Epsilon)];

    internal override IReadOnlyList<OptimizerSlot> StateSlots => [new("velocity", _v)];

    /// <inheritdoc/>
    protected override void BuildState(int parameterCount) => _v = new float[parameterCount];

    /// <inheritdoc/>
    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, int offset, long step)
    {
        float rho = Rho, eps = Epsilon, lr = LearningRate;
        ref float w = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float v = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_v), offset);
        int n = parameters.Length, i = 0;
        // One pass, widest vectors first; the average decays towards subnormals where the gradient stops (see Subnormals).
        if (Vector512.IsHardwareAccelerated)
        {
            var vrho = Vector512.Create(rho); var vc = Vector512.Create(1 - rho);
            var vlr = Vector512.Create(lr); var veps = Vector512.Create(eps); var vggFloor = Vector512.Create(_squareFloor);
            for (; i + Vector512<float>.Count <= n; i += Vector512<float>.Count)
            {
                var gv = Vector512.LoadUnsafe(ref g, (nuint)i);
                var gg = Subnormals.ZeroBelow(gv, vggFloor);
                var vv = Subnormals.Flush(vrho * Vector512.LoadUnsafe(ref v, (nuint)i) + vc * gg * gg);
                vv.StoreUnsafe(ref v, (nuint)i);
                (Vector512.LoadUnsafe(ref w, (nuint)i) - vlr * gv / Vector512.Sqrt(vv + veps)).StoreUnsafe(ref w, (nuint)i);
            }
        }
        else if (Vector.IsHardwareAccelerated)
        {
            var vrho = new Vector<float>(rho); var vc = new Vector<float>(1 - rho);
            var vlr = new Vector<float>(lr); var veps = new Vector<float>(eps); var vggFloor = new Vector<int>(_squareFloor);
            for (; i + Vector<float>.Count <= n; i += Vector<float>.Count)
            {
                var gv = Vector.LoadUnsafe(ref g, (nuint)i);
                var gg = Subnormals.ZeroBelow(gv, vggFloor);
                var vv = Subnormals.Flush(vrho * Vector.LoadUnsafe(ref v, (nuint)i) + vc * gg * gg);
                vv.StoreUnsafe(ref v, (nuint)i);
                (Vector.LoadUnsafe(ref w, (nuint)i) - vlr * gv / Vector.SquareRoot(vv + veps)).StoreUnsafe(ref w, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float gs = Unsafe.Add(ref g, i), gg = Subnormals.ZeroBelow(gs, _squareFloor);
            float vs = Unsafe.Add(ref v, i) = Subnormals.Flush(rho * Unsafe.Add(ref v, i) + (1 - rho) * gg * gg);
            Unsafe.Add(ref w, i) -= lr * gs / MathF.Sqrt(vs + eps);
        }
    }
}
