using System.Collections.Generic;
using Unroll.Generator.Common;
using Unroll.Generator.Shapes;

namespace Unroll.Generator.Lowering;

/// <summary>A parameter tensor's place in the flat parameter (and, when trainable, gradient) buffer.</summary>
internal sealed record ParameterSlot(ParameterTensor Tensor, int Offset)
{
    public int End => Offset + Tensor.Size;
}

/// <summary>
/// The offset table of the one flat parameter buffer. <see cref="Slots"/> lists the tensors in
/// Keras order (layer by layer, each layer's weights as the layer lists them: trainable, then
/// non-trainable), which is also the order of the runtime's <c>ParameterTensors</c>. The offsets put
/// every trainable tensor first, packed in that order, and every non-trainable tensor after them:
/// optimizers, their state and the gradient buffer then cover one contiguous prefix,
/// [0, <see cref="Trainable"/>), and never see moving statistics. No padding, so the buffer's
/// length is the Keras parameter count; the buffer itself starts on a 64-byte boundary. Weight
/// files name every tensor, so the buffer's order never shows in them.
/// </summary>
internal sealed record ParameterLayout(EquatableArray<ParameterSlot> Slots, int Total)
{
    /// <summary>The length of the trainable part, at the start of the buffer (the gradient buffer's length).</summary>
    public int Trainable
    {
        get
        {
            int total = 0;
            foreach (ParameterSlot slot in Slots)
                if (slot.Tensor.Trainable) total += slot.Tensor.Size;
            return total;
        }
    }

    public static ParameterLayout Of(ShapedNetwork network)
    {
        int nextTrainable = 0, nextFrozen = network.TrainableParameterCount;
        var slots = new List<ParameterSlot>();
        foreach (ShapedLayer layer in network.Layers)
            foreach (ParameterTensor tensor in layer.Parameters)
            {
                ref int offset = ref tensor.Trainable ? ref nextTrainable : ref nextFrozen;
                slots.Add(new ParameterSlot(tensor, offset));
                offset += tensor.Size;
            }
        return new ParameterLayout(slots.ToEquatableArray(), nextFrozen);
    }
}
