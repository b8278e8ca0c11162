using System.Collections.Generic;
using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Shapes;

internal sealed partial class LayerShapes
{
    /// <summary>Pooling keeps the channels: (H, W, C) → (OH, OW, C); global pooling → (C).</summary>
    public ShapedLayer? Pool(PoolSpec pool)
    {
        string name = pool.Name;
        if (ImageGeometry.Dimensions(input, pool.Rank, pool.DataFormat) is not var (h, w, c))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongInputRank, pool.Location, name, pool.KerasType, ExpectedInput(pool.Rank, pool.DataFormat), input));
            return null;
        }
        if (pool.Global)
            return new ShapedLayer(name, pool, input, Shape.Of(c), EquatableArray<ParameterTensor>.Empty);
        ImageGeometry g = ImageGeometry.Of(h, w, c, pool.PoolHeight, pool.PoolWidth, pool.StrideHeight, pool.StrideWidth, pool.Padding, pool.DataFormat);
        if (!CheckPositions(name, pool, g, pool.Rank, pool.Padding, input, diagnostics)) return null;
        return new ShapedLayer(name, pool, input, g.OutputShape(pool.Rank, c), EquatableArray<ParameterTensor>.Empty);
    }
}
