using System.Collections.Generic;
using System.Linq;
using Unroll.Generator.Lowering;

namespace Unroll.Generator.Emitting;

/// <summary>Where one layer's forward panels sit in the buffer of panels packed once: [Offset, Offset + Length).</summary>
internal sealed record PanelRegion(int Offset, int Length);

/// <summary>
/// A layer's forward product whose vector kernel copies column panels of the weights on every call:
/// the product, the widths its kernel has bodies for, and the prefix of its kernel and packing routine
/// (<c>{Prefix}PackPanels</c>).
/// </summary>
internal sealed record PackedProduct(MatrixProduct Product, IReadOnlyList<VectorWidth> Widths, string Prefix)
{
    /// <summary>Floats its panels take packed: the longest width's (every row of W over the blocked columns).</summary>
    public int Length => Widths.Max(width => GemmEmitter.PackedPanelLength(Product, width));
}

/// <summary>
/// The forward products whose vector kernels copy column panels of the weights per call (Dense, an
/// im2col convolution, an LSTM's input projection), and their regions in one buffer where a
/// <c>Predictor</c> (or a network whose weights are mapped read-only) packs them once. A region
/// holds the panels of the width the buffer was packed at, so it is as long as the longest width's.
/// </summary>
internal static class PackedPanels
{
    /// <summary>The layer's forward product that copies panels at any of its widths (and so takes packed ones), or null.</summary>
    public static PackedProduct? Of(LayerPlan layer)
    {
        PackedProduct? product = layer.Kind switch
        {
            DensePlan { VectorForward: true, Dot: null } dense => new PackedProduct(dense.Forward, dense.ForwardWidths, dense.KernelPrefix),
            ConvPlan { Vectorized: true, Algorithm: ConvAlgorithm.Im2Col } conv => new PackedProduct(conv.Forward, conv.ProductForwardWidths, layer.MethodPrefix),
            LstmPlan { FusesProjection: false } lstm when lstm.Projection.Tiling(VectorWidth.Vector256).UsesVectors
                => new PackedProduct(lstm.Projection, VectorWidths.UpTo256, layer.MethodPrefix),
            _ => null,
        };
        return product is not null && product.Widths.Any(width => GemmEmitter.CopiesPanels(product.Product, width)) ? product : null;
    }

    /// <summary>The region of every layer whose forward kernel takes packed panels, by layer index, in layer order.</summary>
    public static IReadOnlyDictionary<int, PanelRegion> Regions(KernelPlan plan)
    {
        var regions = new Dictionary<int, PanelRegion>();
        int offset = 0;
        foreach (LayerPlan layer in plan.Layers)
        {
            if (Of(layer) is not { } product) continue;
            regions.Add(layer.Index, new PanelRegion(offset, product.Length));
            offset += product.Length;
        }
        return regions;
    }
}
