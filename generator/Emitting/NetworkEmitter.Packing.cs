using System.Linq;
using Unroll.Generator.Lowering;

namespace Unroll.Generator.Emitting;

internal static partial class NetworkEmitter
{
    // A forward kernel that copies panels takes the panels packed once (empty: it copies per call).
    private static string PackedPanelsParameter(PackedProduct? packed) => packed is null ? "" : ", global::System.ReadOnlySpan<float> packedPanels";

    private static string? PackedPanelsArgument(PackedProduct? packed) => packed is null ? null : "packedPanels";

    /// <summary>
    /// <c>{Prefix}PackPanels</c>: the panels the forward kernel copies per call, packed once into
    /// <c>packedPanels</c> for the width the kernels run at (true), by the kernel's own copy loop;
    /// false at a width that copies none.
    /// </summary>
    private static void EmitPanelPacking(SourceWriter w, PackedProduct? packed)
    {
        if (packed is null) return;
        w.Line();
        w.Comment("The panels the forward product copies per call, packed once in the order it reads them (a Predictor's, see PackPanels).");
        using (w.Block($"private static bool {packed.Prefix}PackPanels(global::System.ReadOnlySpan<float> w, global::System.Span<float> packedPanels)"))
        {
            EmitPaths(w, true, "",
                width =>
                {
                    if (!GemmEmitter.CopiesPanels(packed.Product, width))
                    {
                        w.Line("return false;");
                        return;
                    }
                    EmitReference(w, "w");
                    EmitReference(w, "packedPanels");
                    GemmEmitter.EmitPanelPacking(w, packed.Product, "wr", "packedPanelsr", width);
                    w.Line("return true;");
                },
                () => w.Line("return false;"),
                packed.Widths);
        }
    }

    /// <summary>
    /// The panels every forward kernel that copies them per call packs once into one buffer (for a
    /// Predictor, or mapped weights), each layer's at its region; only networks with such kernels.
    /// </summary>
    private static void EmitPackPanels(SourceWriter w, KernelPlan plan)
    {
        var regions = PackedPanels.Regions(plan);
        if (regions.Count == 0) return;
        w.Comment("The weight panels the forward kernels copy per call, packed once (a Predictor's); each kernel reads its region.");
        w.Line($"protected override int PackedPanelsLength => {regions.Values.Sum(region => region.Length)};");
        w.Line();
        using (w.Block("protected override bool PackPanels(global::System.Span<float> packed)"))
        {
            w.Line("global::System.ReadOnlySpan<float> p = base.Weights;");
            var packs = new System.Collections.Generic.List<string>();
            foreach (LayerPlan layer in plan.Layers)
            {
                if (!regions.TryGetValue(layer.Index, out PanelRegion? region)) continue;
                ParameterSlot kernel = layer.Kernel!;
                packs.Add($"{PackedPanels.Of(layer)!.Prefix}PackPanels(p.Slice({kernel.Offset}, {kernel.Tensor.Size}), packed.Slice({region.Offset}, {region.Length}))");
            }
            w.Line($"return {string.Join(" | ", packs)};");
        }
        w.Line();
    }
}
