namespace Unroll;

public abstract partial class Model
{
    private IReadOnlyList<LayerInfo>? _layers;

    /// <summary>
    /// The layers in order (Keras <c>model.layers</c>, without the InputLayer): name, Keras type,
    /// input and output shape, parameter count — what <see cref="Summary"/> shows, as values.
    /// </summary>
    public IReadOnlyList<LayerInfo> Layers => _layers ??= LayerTable.Read(Summary(), ToJson());
}
