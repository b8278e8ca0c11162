namespace Unroll;

public abstract partial class Model
{
    /// <summary>
    /// The layers in order (Keras <c>model.layers</c>, without the InputLayer): name, Keras type,
    /// input and output shape, parameter count — what <see cref="Summary"/> shows, as values
    /// written by the generator.
    /// </summary>
    public abstract IReadOnlyList<LayerInfo> Layers { get; }
}
