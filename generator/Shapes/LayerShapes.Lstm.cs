using System.Collections.Generic;
using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Shapes;

internal sealed partial class LayerShapes
{
    /// <summary>LSTM (steps, features) → (units), or (steps, units) with ReturnSequences.</summary>
    public ShapedLayer? Lstm(LstmSpec lstm)
    {
        string name = lstm.Name;
        if (lstm.Stateful && batchSize <= 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StatefulNeedsBatchSize, lstm.Location, name));
            return null;
        }
        if (input.Rank == 1 && previous?.Spec is LstmSpec { ReturnSequences: false })
        {
            // The usual slip when stacking: the LSTM below returns only its last state.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LstmNeedsSequence, lstm.Location, name, previous.Name, input));
            return null;
        }
        if (input.Rank != 2)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongInputRank, lstm.Location, name, lstm.KerasType, "(None, steps, features)", input));
            return null;
        }
        int steps = input.Dimensions[0], features = input.Dimensions[1], units = lstm.Units, gates = 4 * units;
        var parameters = new List<ParameterTensor>
        {
            new(name + "/kernel", Shape.Of(features, gates), lstm.KernelInitializer, features, gates),
            new(name + "/recurrent_kernel", Shape.Of(units, gates), lstm.RecurrentInitializer, units, gates),
        };
        if (lstm.UseBias) parameters.Add(new ParameterTensor(name + "/bias", Shape.Of(gates), InitializerKind.Zeros, features, gates));
        Shape output = lstm.ReturnSequences ? Shape.Of(steps, units) : Shape.Of(units);
        return new ShapedLayer(name, lstm, input, output, parameters.ToEquatableArray());
    }
}
