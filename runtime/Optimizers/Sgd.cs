using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Unroll;

/// <summary>
/// Stochastic gradient descent with optional momentum and Nesterov momentum (Keras 3 rules):
/// <c>m = μ·m − lr·g; w += m</c>, or with Nesterov <c>w += μ·m − lr·g</c>. <paramref name="decay"/>
/// is the Keras 2 inverse-time decay <c>lr / (1 + decay · iterations)</c>.
/// </summary>
public sealed class Sgd(float learningRate = 0.01f, float momentum = 0f, bool nesterov = false, float decay = 0f) : Optimizer(learningRate)
{
    private float[] _velocity = [];

    /// <summary>Momentum factor μ.</summary>
    public float Momentum { get; } = momentum >= 0 && momentum < 1 ? momentum : throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");
    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; } = nesterov;
    /// <summary>Inverse-time decay factor.</summary>
    public float Decay { get; } = decay >= 0 ? decay : throw new ArgumentOutOfRangeException(nameof(decay), decay, "Decay must be non-negative.");

    internal override string KerasName => "SGD";

    internal override IEnumerable<KeyValuePair<string, object>> Config => [new("learning_rate", LearningRate), new("momentum", Momentum), new("nesterov", Nesterov), new("decay", Decay)];

    internal override IReadOnlyList<OptimizerSlot> StateSlots => Momentum > 0 ? [new("momentum", _velocity)] : [];

    /// <inheritdoc/>
    protected override void BuildState(int parameterCount) => _velocity = Momentum > 0 ? new float[parameterCount] : [];

    /// <inheritdoc/>
    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, int offset, long step)
    {
        float lr = (float)(LearningRate / (1.0 + Decay * (step - 1)));
        ref float w = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        int n = parameters.Length, i = 0;
        if (Momentum == 0)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                var vlr = Vector512.Create(lr);
                for (; i + Vector512<float>.Count <= n; i += Vector512<float>.Count)
                    (Vector512.LoadUnsafe(ref w, (nuint)i) - vlr * Vector512.LoadUnsafe(ref g, (nuint)i)).StoreUnsafe(ref w, (nuint)i);
            }
            else if (Vector.IsHardwareAccelerated)
            {
                var vlr = new Vector<float>(lr);
                for (; i + Vector<float>.Count <= n; i += Vector<float>.Count)
                    (Vector.LoadUnsafe(ref w, (nuint)i) - vlr * Vector.LoadUnsafe(ref g, (nuint)i)).StoreUnsafe(ref w, (nuint)i);
            }
            for (; i < n; i++) Unsafe.Add(ref w, i) -= lr * Unsafe.Add(ref g, i);
            return;
        }
        // Velocity of a parameter whose gradient stopped decays towards subnormals: flushed (see Subnormals).
        ref float m = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_velocity), offset);
        float mu = Momentum;
        bool nesterov = Nesterov;
        if (Vector512.IsHardwareAccelerated)
        {
            var vmu = Vector512.Create(mu); var vlr = Vector512.Create(lr);
            for (; i + Vector512<float>.Count <= n; i += Vector512<float>.Count)
            {
                var gv = Vector512.LoadUnsafe(ref g, (nuint)i);
                var mv = Subnormals.Flush(vmu * Vector512.LoadUnsafe(ref m, (nuint)i) - vlr * gv);
                mv.StoreUnsafe(ref m, (nuint)i);
                (Vector512.LoadUnsafe(ref w, (nuint)i) + (nesterov ? vmu * mv - vlr * gv : mv)).StoreUnsafe(ref w, (nuint)i);
            }
        }
        else if (Vector.IsHardwareAccelerated)
        {
            var vmu = new Vector<float>(mu); var vlr = new Vector<float>(lr);
            for (; i + Vector<float>.Count <= n; i += Vector<float>.Count)
            {
                var gv = Vector.LoadUnsafe(ref g, (nuint)i);
                var mv = Subnormals.Flush(vmu * Vector.LoadUnsafe(ref m, (nuint)i) - vlr * gv);
                mv.StoreUnsafe(ref m, (nuint)i);
                (Vector.LoadUnsafe(ref w, (nuint)i) + (nesterov ? vmu * mv - vlr * gv : mv)).StoreUnsafe(ref w, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float gs = Unsafe.Add(ref g, i);
            float ms = Unsafe.Add(ref m, i) = Subnormals.Flush(mu * Unsafe.Add(ref m, i) - lr * gs);
            Unsafe.Add(ref w, i) += nesterov ? mu * ms - lr * gs : ms;
        }
    }
}
