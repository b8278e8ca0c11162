using Unroll.Generator.Common;
using Unroll.Generator.Shapes;

namespace Unroll.Generator.Lowering;

/// <summary>One layer's kernels: where its parameters are, how its columns are tiled, what its backward pass must produce.</summary>
internal sealed record LayerPlan(
    ShapedLayer Layer,
    int Index,
    string MethodPrefix,
    EquatableArray<ParameterSlot> Parameters,
    ColumnTiling Columns,
    bool NeedsInputGradient,
    bool IsOutput)
{
    public ParameterSlot? Kernel => Parameters.Count > 0 ? Parameters[0] : null;

    public ParameterSlot? Bias => Parameters.Count > 1 ? Parameters[1] : null;

    /// <summary>The field holding this layer's output for the batch.</summary>
    public string OutputField => "__a" + Index;

    /// <summary>The field holding dLoss/d(output) of this layer for the batch.</summary>
    public string GradientField => "__g" + Index;
}

/// <summary>The network lowered to kernels: the parameter layout and one plan per layer, in order.</summary>
internal sealed record KernelPlan(ShapedNetwork Network, ParameterLayout Layout, EquatableArray<LayerPlan> Layers);
