using Unroll.Generator.Diagnostics;

namespace Unroll.Generator.Spec;

/// <summary>
/// <c>[Lstm(units, ReturnSequences, Stateful, Activation, RecurrentActivation, UseBias, initialisers, UnitForgetBias)]</c>:
/// Keras's LSTM, gates i, f, c, o; activations tanh and sigmoid unless set; a single bias of 4·units
/// (Keras's one, not PyTorch's two), or none when <see cref="UseBias"/> is false.
/// </summary>
internal sealed record LstmSpec(
    string Name,
    LocationInfo? Location,
    int Units,
    bool ReturnSequences,
    InitializerKind KernelInitializer,
    InitializerKind RecurrentInitializer,
    bool UnitForgetBias,
    bool Stateful = false,
    ActivationKind Activation = ActivationKind.Tanh,
    ActivationKind RecurrentActivation = ActivationKind.Sigmoid,
    bool UseBias = true) : LayerSpec(Name, Location)
{
    public override LayerKind Kind => LayerKinds.Lstm;

    public override TResult Accept<TResult>(ILayerVisitor<TResult> visitor) => visitor.Lstm(this);
}
