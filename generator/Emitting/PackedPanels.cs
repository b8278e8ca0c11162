using System.Collections.Generic;
using System.Linq;
using Unroll.Generator.Lowering;

namespace Unroll.Generator.Emitting;

/// <summary>Where one layer's forward panels sit in the buffer of panels packed once: [Offset, Offset + Length).</summary>
internal sealed record PanelRegion(int Offset, int Length);

/// <summary>
/// The forward products whose vector kernels copy column panels of the weights on every call, and
/// their regions in one buffer where a <c>Predictor</c> (or a network whose weights are mapped
/// read-only) packs them once. A region holds the panels of the width the buffer was packed at,
/// so it is as long as the longest width's (every row of W over the blocked columns).
/// </summary>
internal static class PackedPanels
{
    /// <summary>Whether the layer's forward kernel copies panels at any of its widths, and so takes packed ones.</summary>
    public static bool Packs(DensePlan dense)
        => dense.VectorForward && dense.Dot is null && dense.ForwardWidths.Any(width => GemmEmitter.CopiesPanels(dense.Forward, width));

    /// <summary>The region of every layer whose forward kernel takes packed panels, in layer order.</summary>
    public static IReadOnlyDictionary<int, PanelRegion> Regions(KernelPlan plan)
    {
        var regions = new Dictionary<int, PanelRegion>();
        int offset = 0;
        foreach (LayerPlan layer in plan.Layers)
        {
            if (layer.Kind is not DensePlan dense || !Packs(dense)) continue;
            int length = dense.ForwardWidths.Max(width => GemmEmitter.PackedPanelLength(dense.Forward, width));
            regions.Add(layer.Index, new PanelRegion(offset, length));
            offset += length;
        }
        return regions;
    }
}
