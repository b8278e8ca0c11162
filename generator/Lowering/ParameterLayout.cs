using System.Collections.Generic;
using Unroll.Generator.Common;
using Unroll.Generator.Shapes;

namespace Unroll.Generator.Lowering;

/// <summary>A parameter tensor's place in the flat parameter (and gradient) buffer.</summary>
internal sealed record ParameterSlot(ParameterTensor Tensor, int Offset)
{
    public int End => Offset + Tensor.Size;
}

/// <summary>
/// The offset table of the one flat parameter buffer. Tensors are packed in layer order with no
/// padding, so the buffer is exactly the Keras weight list concatenated and its length is the
/// Keras parameter count; the buffer itself starts on a 64-byte boundary.
/// </summary>
internal sealed record ParameterLayout(EquatableArray<ParameterSlot> Slots, int Total)
{
    public static ParameterLayout Of(ShapedNetwork network)
    {
        var slots = new List<ParameterSlot>();
        int offset = 0;
        foreach (ShapedLayer layer in network.Layers)
            foreach (ParameterTensor tensor in layer.Parameters)
            {
                slots.Add(new ParameterSlot(tensor, offset));
                offset += tensor.Size;
            }
        return new ParameterLayout(slots.ToEquatableArray(), offset);
    }
}
