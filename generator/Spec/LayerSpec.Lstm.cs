using Unroll.Generator.Diagnostics;

namespace Unroll.Generator.Spec;

/// <summary><c>[LSTM(units, ReturnSequences, initialisers, UnitForgetBias)]</c>: tanh and sigmoid, one bias, gates i, f, c, o.</summary>
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
