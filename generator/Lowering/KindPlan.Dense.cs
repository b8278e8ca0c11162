using Unroll.Generator.Spec;

namespace Unroll.Generator.Lowering;

/// <summary>
/// Dense: x (rows, Inputs) · W (Inputs, Units) + b, where a sample of shape (…, Inputs) is
/// <see cref="RowsPerSample"/> rows.
/// </summary>
/// <param name="KernelPrefix">The method prefix of the kernels this layer calls: its own, or that of the first earlier layer with the same signature.</param>
/// <param name="SharesKernels">Whether the kernels are an earlier layer's (this layer emits none).</param>
/// <param name="Dot">Non-null when the forward pass on vector hardware is one dot product per row (one unit) instead of <see cref="Forward"/>.</param>
/// <param name="Forward">The forward product; also the scalar path when <see cref="Dot"/> is taken.</param>
/// <param name="WeightGradient">dW (Inputs, Units) = xᵀ · g, reduced over the batch.</param>
/// <param name="InputGradient">
/// dx (rows, Inputs) = g · Wᵀ through the layer's <see cref="LayerPlan.Transpose"/>, or from W itself when the product
/// reads it transposed (<see cref="MatrixProduct.BTransposed"/>, large kernels); null when the input is the data.
/// </param>
/// <param name="BiasColumns">The column sums of g that make db.</param>
internal sealed record DensePlan(
    int Inputs,
    int Units,
    int RowsPerSample,
    ActivationKind Activation,
    ActivationEpilogue Epilogue,
    bool UseBias,
    string KernelPrefix,
    bool SharesKernels,
    DotProduct? Dot,
    MatrixProduct Forward,
    MatrixProduct WeightGradient,
    MatrixProduct? InputGradient,
    ColumnTiling BiasColumns) : KindPlan
{
    /// <summary>Whether the forward kernel has a vector path (else it is scalar only).</summary>
    public bool VectorForward => Dot is not null || Forward.Tiling(VectorWidth.Vector256).UsesVectors;

    /// <summary>
    /// Whether PredictSample runs this layer through a kernel of its own for one sample, with the
    /// reduction unrolled (<c>ForwardSample</c>): a small layer, where a call's loops and pointer
    /// bookkeeping cost as much as its FMAs, and whose unrolled code stays short: at most
    /// <see cref="SingleSampleUnrollLimit"/> FMA lines in its Vector128 body (inputs × registers of 4 units).
    /// </summary>
    public bool UnrollsSingleSample => Dot is null && VectorForward && RowsPerSample == 1
                                       && Forward.K.Value is int k && k * ((Units + 3) / 4) <= SingleSampleUnrollLimit;

    /// <summary>The most FMA lines a <see cref="UnrollsSingleSample"/> body may have (Pima's 8 → 12: 24).</summary>
    public const int SingleSampleUnrollLimit = 128;

    /// <summary>Whether the backward kernel has a vector path: the weight gradient's columns fill a register.</summary>
    public bool VectorBackward => WeightGradient.Tiling(VectorWidth.Vector256).UsesVectors;

    /// <summary>The widths the forward kernel has a body for, widest first: Vector512 only when some register of it is full.</summary>
    public VectorWidth[] ForwardWidths => Dot is { } dot ? WidthsWhere(dot.Pays(VectorWidth.Vector512)) : WidthsWhere(Forward.Pays(VectorWidth.Vector512));

    /// <summary>The widths the backward kernel has a body for: Vector512 when the weight gradient or dx fills one.</summary>
    public VectorWidth[] BackwardWidths => WidthsWhere(WeightGradient.Pays(VectorWidth.Vector512) || InputGradient?.Pays(VectorWidth.Vector512) == true);

    private static VectorWidth[] WidthsWhere(bool vector512) => vector512 ? VectorWidths.All : VectorWidths.UpTo256;

    public override TResult Accept<TResult>(IKindPlanVisitor<TResult> visitor) => visitor.Dense(this);
}
