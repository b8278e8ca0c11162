using System.Collections.Generic;
using System.Linq;
using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Shapes;

internal sealed partial class LayerShapes
{
    /// <summary>Dense (..., in) → (..., units) on the last axis, as Keras: kernel (in, units), bias (units).</summary>
    public ShapedLayer? Dense(DenseSpec dense)
    {
        string name = dense.Name;
        var output = new Shape(input.Dimensions.Take(input.Rank - 1).Concat(new[] { dense.Units }).ToEquatableArray());
        CheckSoftmax(name, dense, dense.Activation, output, diagnostics);
        var parameters = new List<ParameterTensor>
        {
            new(name + "/kernel", Shape.Of(input.Last, dense.Units), dense.KernelInitializer, input.Last, dense.Units),
        };
        if (dense.UseBias)
            parameters.Add(new(name + "/bias", Shape.Of(dense.Units), dense.BiasInitializer, input.Last, dense.Units));
        return new ShapedLayer(name, dense, input, output, parameters.ToEquatableArray());
    }

    private static void CheckSoftmax(string name, LayerSpec layer, ActivationKind activation, Shape output, List<DiagnosticInfo> diagnostics)
    {
        if (activation == ActivationKind.Softmax && output.Last == 1)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxOnOneUnit, layer.Location, name, layer.KerasType, output));
    }
}
