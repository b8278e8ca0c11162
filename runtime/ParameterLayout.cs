namespace Unroll;

/// <summary>
/// How a network's <see cref="ParameterTensor"/>s tile its parameter buffer, checked once.
/// <see cref="Model.ParameterTensors"/> lists them in Keras order (layer by layer, a layer's trainable
/// weights before its non-trainable ones, as Keras 3's <c>model.weights</c>); the buffer puts every
/// trainable tensor first and every non-trainable one after, so that the optimizer, the gradient
/// buffer and the optimizer's state each cover one contiguous prefix, [0, <see cref="Trainable"/>),
/// and never see the rest. Where the two orders differ, files are written in buffer order (so baked
/// weights map in place) and found by name.
/// </summary>
internal sealed class ParameterLayout
{
    private ParameterLayout(ParameterTensor[] inBufferOrder, int trainable)
    {
        InBufferOrder = inBufferOrder;
        TrainableInBufferOrder = [.. inBufferOrder.TakeWhile(t => t.Trainable)];
        Trainable = trainable;
    }

    /// <summary>The tensors by offset: they tile the buffer with no gap or overlap.</summary>
    public ParameterTensor[] InBufferOrder { get; }

    /// <summary>The trainable tensors by offset: they tile [0, <see cref="Trainable"/>).</summary>
    public ParameterTensor[] TrainableInBufferOrder { get; }

    /// <summary>The length of the trainable part, at the start of the buffer.</summary>
    public int Trainable { get; }

    /// <summary>
    /// Checks that <paramref name="tensors"/> tile a buffer of <paramref name="length"/> floats,
    /// trainable tensors first; throws <see cref="InvalidOperationException"/> naming the fault
    /// (a network class whose table and code disagree).
    /// </summary>
    public static ParameterLayout Of(string network, IReadOnlyList<ParameterTensor> tensors, int length)
    {
        ParameterTensor[] sorted = [.. tensors.OrderBy(t => t.Offset).ThenBy(t => t.Trainable ? 0 : 1).ThenBy(t => t.Length)];
        int end = 0, trainable = 0;
        ParameterTensor? firstFrozen = null;
        foreach (ParameterTensor t in sorted)
        {
            if (t.Offset != end)
                throw Fault(network, t.Offset < end ? $"'{t.Name}' at {t.Offset} overlaps the tensor before it, which ends at {end}" : $"nothing covers [{end}, {t.Offset}) before '{t.Name}'");
            if (t.Trainable && firstFrozen is not null)
                throw Fault(network, $"trainable '{t.Name}' lies after non-trainable '{firstFrozen.Name}'; trainable tensors come first, so that optimizers see one contiguous span");
            if (!t.Trainable) firstFrozen ??= t;
            else trainable = t.End;
            end = t.End;
        }
        if (end != length) throw Fault(network, $"its tensors cover {end} floats but the buffer holds {length}");
        return new ParameterLayout(sorted, trainable);
    }

    private static InvalidOperationException Fault(string network, string what)
        => new($"{network}: the parameter tensors do not tile the parameter buffer: {what}.");
}
