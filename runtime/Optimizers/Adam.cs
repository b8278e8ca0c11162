using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Unroll;

/// <summary>
/// Adam with the Keras 3 update: <c>α = lr·sqrt(1 − β₂ᵗ)/(1 − β₁ᵗ)</c>,
/// <c>w −= α·m / (sqrt(v) + ε)</c> — ε is added to the uncorrected sqrt(v), unlike PyTorch.
/// </summary>
public sealed class Adam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f) : Optimizer(learningRate)
{
    private float[] _m = [], _v = [];

    /// <summary>Decay of the first moment.</summary>
    public float Beta1 { get; } = beta1 is >= 0 and < 1 ? beta1 : throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
    /// <summary>Decay of the second moment.</summary>
    public float Beta2 { get; } = beta2 is >= 0 and < 1 ? beta2 : throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
    /// <summary>Added to sqrt(v) for stability.</summary>
    public float Epsilon { get; } = epsilon > 0 ? epsilon : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive.");

    internal override string KerasName => "Adam";

    internal override IEnumerable<KeyValuePair<string, object>> Config => [new("learning_rate", LearningRate), new("beta_1", Beta1), new("beta_2", Beta2), new("epsilon", Epsilon)];

    internal override IReadOnlyList<OptimizerSlot> StateSlots => [new("m", _m), new("v", _v)];

    /// <inheritdoc/>
    protected override void BuildState(int parameterCount)
    {
        _m = new float[parameterCount];
        _v = new float[parameterCount];
    }

    /// <inheritdoc/>
    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, int offset, long step)
    {
        float b1 = Beta1, b2 = Beta2, eps = Epsilon;
        float alpha = (float)(LearningRate * Math.Sqrt(1 - Math.Pow(b2, step)) / (1 - Math.Pow(b1, step)));
        ref float w = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float m = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_m), offset);
        ref float v = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_v), offset);
        int n = parameters.Length, i = 0;
        // One pass, the widest vectors first; every lane and the scalar tail do the same
        // operations in the same order, so an element's result does not depend on its position
        // (a split update gives the bits of one thread).
        if (Vector512.IsHardwareAccelerated)
        {
            var vb1 = Vector512.Create(b1); var vc1 = Vector512.Create(1 - b1);
            var vb2 = Vector512.Create(b2); var vc2 = Vector512.Create(1 - b2);
            var valpha = Vector512.Create(alpha); var veps = Vector512.Create(eps);
            for (; i + Vector512<float>.Count <= n; i += Vector512<float>.Count)
            {
                var gv = Vector512.LoadUnsafe(ref g, (nuint)i);
                var mv = Subnormals.Flush(Vector512.FusedMultiplyAdd(vb1, Vector512.LoadUnsafe(ref m, (nuint)i), vc1 * gv));
                var vv = Subnormals.Flush(Vector512.FusedMultiplyAdd(vb2, Vector512.LoadUnsafe(ref v, (nuint)i), vc2 * gv * gv));
                mv.StoreUnsafe(ref m, (nuint)i);
                vv.StoreUnsafe(ref v, (nuint)i);
                (Vector512.LoadUnsafe(ref w, (nuint)i) - valpha * mv / (Vector512.Sqrt(vv) + veps)).StoreUnsafe(ref w, (nuint)i);
            }
        }
        else if (Vector.IsHardwareAccelerated)
        {
            var vb1 = new Vector<float>(b1); var vc1 = new Vector<float>(1 - b1);
            var vb2 = new Vector<float>(b2); var vc2 = new Vector<float>(1 - b2);
            var valpha = new Vector<float>(alpha); var veps = new Vector<float>(eps);
            for (; i + Vector<float>.Count <= n; i += Vector<float>.Count)
            {
                var gv = Vector.LoadUnsafe(ref g, (nuint)i);
                var mv = Subnormals.Flush(MultiplyAdd(vb1, Vector.LoadUnsafe(ref m, (nuint)i), vc1 * gv));
                var vv = Subnormals.Flush(MultiplyAdd(vb2, Vector.LoadUnsafe(ref v, (nuint)i), vc2 * gv * gv));
                mv.StoreUnsafe(ref m, (nuint)i);
                vv.StoreUnsafe(ref v, (nuint)i);
                (Vector.LoadUnsafe(ref w, (nuint)i) - valpha * mv / (Vector.SquareRoot(vv) + veps)).StoreUnsafe(ref w, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float gs = Unsafe.Add(ref g, i);
            // The same fused operations as the vector lanes, so every element rounds alike.
            float ms = Unsafe.Add(ref m, i) = Subnormals.Flush(Kernels.ScalarMath.MultiplyAdd(b1, Unsafe.Add(ref m, i), (1 - b1) * gs));
            float vs = Unsafe.Add(ref v, i) = Subnormals.Flush(Kernels.ScalarMath.MultiplyAdd(b2, Unsafe.Add(ref v, i), (1 - b2) * gs * gs));
            Unsafe.Add(ref w, i) -= alpha * ms / (MathF.Sqrt(vs) + eps);
        }
    }

    // Fused where the scalar tail's ScalarMath.MultiplyAdd is (Vector512 implies FMA), so lanes and tail agree everywhere.
    private static Vector<float> MultiplyAdd(Vector<float> a, Vector<float> b, Vector<float> c)
        => Kernels.ScalarMath.HasFusedMultiplyAdd ? Vector.FusedMultiplyAdd(a, b, c) : a * b + c;
}
