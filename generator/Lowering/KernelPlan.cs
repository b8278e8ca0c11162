using System.Linq;
using Unroll.Generator.Common;
using Unroll.Generator.Shapes;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Lowering;

/// <summary>
/// One layer lowered: where its parameters are, what it keeps in the workspace, what its backward
/// pass must produce, and its kind's kernel decisions (<see cref="Kind"/>). <see cref="Layer"/> gives
/// the name and shapes for comments; the emitter takes every decision from the plan, none from the spec.
/// </summary>
/// <param name="MethodPrefix">The prefix of this layer's generated methods: <c>__Dense1</c>.</param>
/// <param name="LocalName">The Keras name as a C# identifier, the stem of this layer's locals and fields: <c>dense1</c>.</param>
/// <param name="Activation">The activation the layer's output ends with (linear for layers without one).</param>
/// <param name="L2">The L2 penalty on the kernel (0: none).</param>
/// <param name="MultiplyAdds">Forward multiply-adds per sample: the products' sizes, one per value elsewhere.</param>
/// <param name="Workspace">Per-sample buffers: the output, dLoss/d(output), then what the kind keeps between passes.</param>
/// <param name="Transpose">Wᵀ, made once per backward pass for the input gradient (Dense and convolutions that have one).</param>
internal sealed record LayerPlan(
    ShapedLayer Layer,
    int Index,
    string MethodPrefix,
    string LocalName,
    EquatableArray<ParameterSlot> Parameters,
    bool NeedsInputGradient,
    bool IsOutput,
    ActivationKind Activation,
    float L2,
    long MultiplyAdds,
    KindPlan Kind,
    EquatableArray<WorkspaceBuffer> Workspace,
    KernelTranspose? Transpose)
{
    public ParameterSlot? Kernel => Parameters.Count > 0 ? Parameters[0] : null;

    /// <summary>
    /// Whether the worker pool splits this Dense layer's weight gradient by its rows (input features)
    /// across threads, each part over the whole batch, instead of by batch rows with a copy per
    /// thread to add up (<see cref="KernelPlanner"/> picks at most one layer per network).
    /// </summary>
    public bool SplitsWeightGradientRows { get; init; }

    /// <summary>The buffer holding this layer's output for the batch.</summary>
    public WorkspaceBuffer Output => Workspace[0];

    /// <summary>The buffer holding dLoss/d(output) of this layer for the batch.</summary>
    public WorkspaceBuffer Gradient => Workspace[1];

    /// <summary>
    /// Whether <see cref="Output"/> and <see cref="Gradient"/> are the layer below's own buffers (a
    /// Flatten: samples are row-major, so its output is its input, value for value), read and written
    /// in place instead of copied.
    /// </summary>
    public bool SharesBuffersBelow { get; init; }

    /// <summary>The workspace buffers this layer declares and allocates: all but those it shares with the layer below.</summary>
    public System.Collections.Generic.IEnumerable<WorkspaceBuffer> OwnWorkspace => SharesBuffersBelow ? Workspace.Skip(2) : Workspace;

    /// <summary>Values per sample across the layer's own workspace.</summary>
    public int WorkspacePerSample => OwnWorkspace.Sum(buffer => buffer.PerSample);

    /// <summary>The workspace buffer in <paramref name="field"/>; one the planner did not make is a generator bug.</summary>
    public WorkspaceBuffer Buffer(string field)
    {
        foreach (WorkspaceBuffer buffer in Workspace)
            if (buffer.Field == field) return buffer;
        throw new System.InvalidOperationException($"'{Layer.Name}' has no workspace buffer '{field}'.");
    }
}

/// <summary>A per-sample workspace buffer, grown with the batch: <see cref="PerSample"/> values (floats, or ints) per sample.</summary>
internal sealed record WorkspaceBuffer(string Field, bool Integers, int PerSample, string Purpose)
{
    /// <summary>The element type in C#.</summary>
    public string Type => Integers ? "int" : "float";
}

/// <summary>
/// A kernel (<see cref="Rows"/>, <see cref="Columns"/>) transposed into the field <see cref="Field"/> by
/// the generated method <see cref="Method"/> (shared, like the other kernels, by identical Dense layers).
/// </summary>
internal sealed record KernelTranspose(string Field, string Method, int Rows, int Columns)
{
    public int Size => Rows * Columns;
}

/// <summary>The network lowered to kernels: the parameter layout and one plan per layer, in order.</summary>
internal sealed record KernelPlan(ShapedNetwork Network, ParameterLayout Layout, EquatableArray<LayerPlan> Layers);
