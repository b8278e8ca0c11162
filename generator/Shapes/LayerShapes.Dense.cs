using System.Collections.Generic;
using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Shapes;

internal static partial class LayerShapes
{
    /// <summary>Dense (in) → (units): kernel (in, units), bias (units).</summary>
    public static ShapedLayer? Dense(string name, DenseSpec dense, Shape input, List<DiagnosticInfo> diagnostics)
    {
        if (input.Rank != 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DenseNeedsFlatInput, dense.Location, name, input));
            return null;
        }
        var output = Shape.Of(dense.Units);
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
