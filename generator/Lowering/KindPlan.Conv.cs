using Unroll.Generator.Shapes;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Lowering;

/// <summary>How a convolution's forward pass runs on vector hardware.</summary>
internal enum ConvAlgorithm
{
    /// <summary>Each output position accumulates its window into registers across the filters (few input channels).</summary>
    Direct,

    /// <summary>The patches are copied into rows (im2col), then one matrix product.</summary>
    Im2Col,
}

/// <summary>
/// Conv1D/Conv2D as patches (positions, kh·kw·C) times the Keras kernel read as (kh·kw·C, filters);
/// channels first computes (positions, filters) into <see cref="ChannelsFirstStaging"/> and transposes.
/// </summary>
/// <param name="Forward">The patch product; the scalar path, and the vector path for <see cref="ConvAlgorithm.Im2Col"/>.</param>
/// <param name="DirectColumns">The filters' columns of one output position, for <see cref="ConvAlgorithm.Direct"/>.</param>
/// <param name="InputGradient">dpatches = g · Wᵀ, then col2im; null when the input is the data.</param>
/// <param name="Vectorized">Whether the kernels have a vector path (the filters fill a register).</param>
internal sealed record ConvPlan(
    ImageGeometry Geometry,
    int Filters,
    ActivationKind Activation,
    ActivationEpilogue Epilogue,
    bool UseBias,
    ConvAlgorithm Algorithm,
    MatrixProduct Forward,
    ColumnTiling DirectColumns,
    MatrixProduct WeightGradient,
    MatrixProduct? InputGradient,
    ColumnTiling BiasColumns,
    bool Vectorized,
    string GeometryField,
    string Patches,
    string? ChannelsFirstStaging) : KindPlan
{
    /// <summary>Values per patch: kh · kw · C.</summary>
    public int Patch => Geometry.WindowHeight * Geometry.WindowWidth * Geometry.Channels;

    /// <summary>The widths of the im2col forward product's bodies: a Vector512 one where its rows fill a Vector512.</summary>
    public VectorWidth[] ProductForwardWidths => Forward.Pays(VectorWidth.Vector512) ? VectorWidths.All : VectorWidths.UpTo256;

    /// <summary>
    /// The widths of the backward products' bodies (dW through patches unless the convolution is
    /// direct, and dpatches): a Vector512 one where either product fills a Vector512.
    /// </summary>
    public VectorWidth[] ProductBackwardWidths
        => (Algorithm != ConvAlgorithm.Direct && WeightGradient.Pays(VectorWidth.Vector512)) || InputGradient?.Pays(VectorWidth.Vector512) == true
            ? VectorWidths.All
            : VectorWidths.UpTo256;

    public override TResult Accept<TResult>(IKindPlanVisitor<TResult> visitor) => visitor.Conv(this);
}

/// <summary>Max or average pooling through the shared ImageKernels with this geometry (global pooling: one window over the image).</summary>
/// <param name="ArgMax">The workspace field of each window's maximum's index (max pooling only).</param>
internal sealed record PoolPlan(PoolKind Pool, ImageGeometry Geometry, string GeometryField, string? ArgMax) : KindPlan
{
    public override TResult Accept<TResult>(IKindPlanVisitor<TResult> visitor) => visitor.Pool(this);
}
