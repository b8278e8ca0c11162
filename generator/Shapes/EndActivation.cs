using Unroll.Generator.Spec;

namespace Unroll.Generator.Shapes;

/// <summary>
/// The activation a layer's output ends with, which backward undoes before the layer's own
/// gradient: linear for layers without one, and for the LSTM, whose gate activations stay inside its kernel.
/// </summary>
internal sealed class EndActivation : ILayerVisitor<ActivationKind>
{
    public static readonly EndActivation Instance = new();

    public ActivationKind Dense(DenseSpec layer) => layer.Activation;

    public ActivationKind Activation(ActivationSpec layer) => layer.Function;

    public ActivationKind Flatten(FlattenSpec layer) => ActivationKind.Linear;

    public ActivationKind Dropout(DropoutSpec layer) => ActivationKind.Linear;

    public ActivationKind Conv(ConvSpec layer) => layer.Activation;

    public ActivationKind Pool(PoolSpec layer) => ActivationKind.Linear;

    public ActivationKind Embedding(EmbeddingSpec layer) => ActivationKind.Linear;

    public ActivationKind Lstm(LstmSpec layer) => ActivationKind.Linear;
}
