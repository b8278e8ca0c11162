using System.ComponentModel;
using System.Numerics.Tensors;

namespace Unroll.Kernels;

/// <summary>Weight penalties, called by generated networks that declare them.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Regularizers
{
    /// <summary>Returns <c>factor · Σ w²</c> (Keras L2) and, when <paramref name="gradient"/> is not empty, adds <c>2 · factor · w</c> to it.</summary>
    public static float L2(ReadOnlySpan<float> weights, Span<float> gradient, float factor)
    {
        if (!gradient.IsEmpty)
            TensorPrimitives.MultiplyAdd(weights, 2f * factor, gradient, gradient);
        return factor * TensorPrimitives.SumOfSquares(weights);
    }
}
