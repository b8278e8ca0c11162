using System.Collections.Generic;
using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Shapes;

internal static partial class LayerShapes
{
    /// <summary>Activation keeps the shape; softmax acts on the last axis.</summary>
    public static ShapedLayer Activation(string name, ActivationSpec activation, Shape input, List<DiagnosticInfo> diagnostics)
    {
        CheckSoftmax(name, activation, activation.Function, input, diagnostics);
        return new ShapedLayer(name, activation, input, input, EquatableArray<ParameterTensor>.Empty);
    }
}
