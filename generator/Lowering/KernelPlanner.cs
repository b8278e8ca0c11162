using System.Collections.Generic;
using System.Linq;
using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Shapes;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Lowering;

/// <summary>
/// Lowers a shaped network to a <see cref="KernelPlan"/>: parameter offsets, workspace buffers, which
/// gradients each layer needs, and per kind every kernel decision (<see cref="KindPlanner"/>).
/// </summary>
internal static class KernelPlanner
{
    public static StageResult<KernelPlan> Plan(StageResult<ShapedNetwork> shaped)
    {
        if (shaped.Value is not { } network) return new StageResult<KernelPlan>(null, shaped.Diagnostics);
        try
        {
            return new StageResult<KernelPlan>(Plan(network), shaped.Diagnostics);
        }
        catch (System.Exception e)
        {
            var diagnostics = new List<DiagnosticInfo>(shaped.Diagnostics)
            {
                DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, null, network.Spec.ClassName, e.Message),
            };
            return new StageResult<KernelPlan>(null, diagnostics.ToEquatableArray());
        }
    }

    public static KernelPlan Plan(ShapedNetwork network)
    {
        // Source positions were only needed for diagnostics, which are already made; without them,
        // an edit that merely moves the declaration leaves the plan equal and re-emits nothing.
        network = network with
        {
            Spec = network.Spec with { Layers = network.Spec.Layers.Select(l => l with { Location = null }).ToEquatableArray(), BakedWeightsLocation = null, InputLocation = null },
            Layers = network.Layers.Select(l => l with { Spec = l.Spec with { Location = null } }).ToEquatableArray(),
        };
        ParameterLayout layout = ParameterLayout.Of(network);
        var layers = new List<LayerPlan>();
        var sharedKernels = new Dictionary<DenseSignature, string>();
        int slot = 0;
        for (int i = 0; i < network.Layers.Count; i++)
        {
            ShapedLayer layer = network.Layers[i];
            var slots = layout.Slots.Skip(slot).Take(layer.Parameters.Count).ToEquatableArray();
            slot += layer.Parameters.Count;
            // The first layer's input is the data: no layer below needs its gradient.
            var planner = new KindPlanner(layer, slots, LocalName(layer.Name), MethodPrefix(layer.Name), needsInputGradient: i > 0, network.Spec.BatchSize, sharedKernels);
            KindPlanner.Lowered lowered = layer.Spec.Accept(planner);
            // A Flatten between two layers reads and writes the buffers of the layer below (the output
            // layer keeps its own: the single-sample path writes it straight into the caller's output).
            bool sharesBelow = lowered.Kind is FlattenPlan && i > 0 && i < network.Layers.Count - 1;
            var workspace = sharesBelow
                ? new List<WorkspaceBuffer> { layers[i - 1].Output, layers[i - 1].Gradient }
                : new List<WorkspaceBuffer>
                {
                    new(Field(planner.Local, "Output"), false, layer.Output.Size, "output"),
                    new(Field(planner.Local, "Gradient"), false, layer.Output.Size, "dLoss/d(output)"),
                };
            workspace.AddRange(lowered.Workspace);
            layers.Add(new LayerPlan(layer, i, planner.Prefix, planner.Local, slots, i > 0, i == network.Layers.Count - 1,
                lowered.Activation, lowered.L2, lowered.MultiplyAdds, lowered.Kind, workspace.ToEquatableArray(), lowered.Transpose)
            {
                SharesBuffersBelow = sharesBelow,
            });
        }
        int split = WeightGradientSplitLayer(layers);
        if (split >= 0) layers[split] = layers[split] with { SplitsWeightGradientRows = true };
        return new KernelPlan(network, layout, layers.ToEquatableArray());
    }

    // The output layer's weight gradient is split by its rows from 2^18 floats (1 MB): summed per
    // thread over its batch rows instead, each thread would write (and the sum reread) all of it.
    internal const long SplitOutputWeightGradientMinimum = 1 << 18;

    // Another layer's from 2^19 floats (2 MB, a core's L2): its parts must wait for every range's g
    // (a barrier in the backward pass), which pays only when a copy per thread no longer stays in L2
    // for the sum to reread. Measured on two threads, generated code with and without the split in
    // alternating rounds in one process, backward pass per step: the Fashion-MNIST CNN's Dense
    // 5408 → 128 (2.6 MB) 1.1-1.6x faster at batch 32 (most runs 1.2-1.5x), a middle 2048 × 256
    // (2 MB) 1.14-1.23x at batch 128 and 32; at 1 MB (1024 × 256) only 1.03-1.07x at batch 128,
    // and MNIST's first layers slower (784 × 64: 244 vs 177 us per backward job; 784 × 128 at
    // batch 128: 0.96x).
    internal const long SplitInnerWeightGradientMinimum = 1 << 19;

    /// <summary>
    /// The layer whose weight gradient the threads split by rows (<see cref="LayerPlan.SplitsWeightGradientRows"/>),
    /// or −1: a wide output Dense (its g is the loss's, written before the backward pass), else the
    /// largest other Dense over its minimum (its g is complete once every row range is done; its
    /// input, the data or a layer's output, covers the whole batch after the forward pass). Only a
    /// trainable kernel whose weight gradient has a vector kernel, and whose kernels no later layer
    /// calls (a split layer emits no Backward kernel).
    /// </summary>
    private static int WeightGradientSplitLayer(List<LayerPlan> layers)
    {
        long Splittable(LayerPlan layer)
            => layer.Kind is DensePlan { VectorBackward: true } dense && layer.Kernel is { Tensor.Trainable: true }
               && !layers.Any(later => later.Index > layer.Index && later.Kind is DensePlan { } shared && shared.KernelPrefix == dense.KernelPrefix)
                ? (long)dense.Inputs * dense.Units : 0;
        int output = layers.Count - 1;
        if (Splittable(layers[output]) >= SplitOutputWeightGradientMinimum) return output;
        int split = -1;
        long largest = SplitInnerWeightGradientMinimum - 1;
        for (int i = 0; i < output; i++)
        {
            long size = Splittable(layers[i]);
            if (size > largest) (split, largest) = (i, size);
        }
        return split;
    }

    /// <summary><c>dense_1</c> → <c>__Dense1</c>: the Keras name as a C# method prefix, with the prefix no user member may have.</summary>
    public static string MethodPrefix(string layerName)
        => Emitting.GeneratedNames.Private + string.Concat(layerName.Split('_').Select(Capitalized));

    /// <summary>
    /// <c>max_pooling2d_1</c> → <c>maxPooling2d1</c>: the Keras name as the stem of C# locals and fields.
    /// Keras names are a base name and a count, so distinct layers get distinct stems, and a stem
    /// always has a suffix after it (<c>dense1Output</c>), so it is never a keyword.
    /// </summary>
    public static string LocalName(string layerName)
    {
        string pascal = string.Concat(layerName.Split('_').Select(Capitalized));
        return pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
    }

    /// <summary>A private workspace field of a layer: <c>__dense1Output</c>.</summary>
    public static string Field(string localName, string role) => Emitting.GeneratedNames.Private + localName + role;

    private static string Capitalized(string part) => part.Length == 0 ? "" : char.ToUpperInvariant(part[0]) + part.Substring(1);

    /// <summary>Dense layers with equal signatures share one pair of kernels: the generated code depends on nothing else.</summary>
    internal readonly record struct DenseSignature(int Inputs, int Units, ActivationKind Activation, bool UseBias, bool NeedsInputGradient);
}
