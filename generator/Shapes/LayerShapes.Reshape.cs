using System.Collections.Generic;
using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Shapes;

internal static partial class LayerShapes
{
    /// <summary>Flatten: (d1, …, dn) → (d1 · … · dn).</summary>
    public static ShapedLayer Flatten(string name, FlattenSpec flatten, Shape input)
        => new(name, flatten, input, Shape.Of(input.Size), EquatableArray<ParameterTensor>.Empty);

    /// <summary>Dropout keeps the shape.</summary>
    public static ShapedLayer Dropout(string name, DropoutSpec dropout, Shape input)
        => new(name, dropout, input, input, EquatableArray<ParameterTensor>.Empty);
}
