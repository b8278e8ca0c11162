using System.Collections.Generic;
using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Shapes;

internal sealed partial class LayerShapes
{
    /// <summary>Flatten: (d1, …, dn) → (d1 · … · dn).</summary>
    public ShapedLayer? Flatten(FlattenSpec flatten)
        => new(flatten.Name, flatten, input, Shape.Of(input.Size), EquatableArray<ParameterTensor>.Empty);

    /// <summary>Dropout keeps the shape.</summary>
    public ShapedLayer? Dropout(DropoutSpec dropout)
        => new(dropout.Name, dropout, input, input, EquatableArray<ParameterTensor>.Empty);
}
