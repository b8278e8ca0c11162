using System.Collections.Generic;
using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Shapes;

internal sealed partial class LayerShapes
{
    /// <summary>Activation keeps the shape; softmax acts on the last axis.</summary>
    public ShapedLayer? Activation(ActivationSpec activation)
    {
        CheckSoftmax(activation.Name, activation, activation.Function, input, diagnostics);
        return new ShapedLayer(activation.Name, activation, input, input, EquatableArray<ParameterTensor>.Empty);
    }
}
