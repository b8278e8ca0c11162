using System.Collections.Generic;
using System.Linq;
using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Shapes;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Lowering;

/// <summary>Lowers a shaped network to a <see cref="KernelPlan"/>: parameter offsets, tiling, and which gradients each layer needs.</summary>
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
        int slot = 0;
        for (int i = 0; i < network.Layers.Count; i++)
        {
            ShapedLayer layer = network.Layers[i];
            var slots = layout.Slots.Skip(slot).Take(layer.Parameters.Count).ToEquatableArray();
            slot += layer.Parameters.Count;
            // The first layer's input is the data: no layer below needs its gradient.
            bool needsInputGradient = i > 0;
            // The product's columns: a convolution's filters (also when channels come first), else the last axis.
            int columns = layer.Spec is ConvSpec conv ? conv.Filters : layer.Output.Last;
            layers.Add(new LayerPlan(layer, i, MethodPrefix(layer.Name), slots, Tiling.Columns(columns), needsInputGradient, i == network.Layers.Count - 1));
        }
        return new KernelPlan(network, layout, layers.ToEquatableArray());
    }

    /// <summary><c>dense_1</c> → <c>__Dense1</c>: the Keras name as a C# method prefix, with the prefix no user member may have.</summary>
    public static string MethodPrefix(string layerName)
        => Emitting.GeneratedNames.Private + string.Concat(layerName.Split('_').Select(part => part.Length == 0 ? "" : char.ToUpperInvariant(part[0]) + part.Substring(1)));
}
