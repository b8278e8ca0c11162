using Unroll.Generator.Shapes;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Lowering;

/// <summary>The window geometry of a convolution or pooling layer, from its spec and input shape.</summary>
internal static class LayerGeometry
{
    public static ImageGeometry Of(ShapedLayer layer)
    {
        switch (layer.Spec)
        {
            case ConvSpec conv:
            {
                var (h, w, c) = ImageGeometry.Dimensions(layer.Input, conv.Rank, conv.DataFormat)!.Value;
                return ImageGeometry.Of(h, w, c, conv.KernelHeight, conv.KernelWidth, conv.StrideHeight, conv.StrideWidth, conv.Padding, conv.DataFormat);
            }
            case PoolSpec pool:
            {
                var (h, w, c) = ImageGeometry.Dimensions(layer.Input, pool.Rank, pool.DataFormat)!.Value;
                return pool.Global
                    ? ImageGeometry.Of(h, w, c, h, w, 1, 1, PaddingKind.Valid, pool.DataFormat)
                    : ImageGeometry.Of(h, w, c, pool.PoolHeight, pool.PoolWidth, pool.StrideHeight, pool.StrideWidth, pool.Padding, pool.DataFormat);
            }
            default:
                throw new System.InvalidOperationException($"'{layer.Name}' has no window geometry.");
        }
    }
}
