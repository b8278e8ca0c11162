namespace Unroll;

/// <summary>The shape of one sample, without the batch axis (Keras <c>Input(shape=...)</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class InputAttribute(params int[] shape) : Attribute
{
    /// <summary>The dimensions of one sample.</summary>
    public int[] Shape { get; } = shape;

    /// <summary>A fixed batch size (Keras <c>batch_size</c> of the input); required by stateful layers, 0 = any.</summary>
    public int BatchSize { get; set; }
}
