using Unroll.Generator.Diagnostics;

namespace Unroll.Generator.Spec;

/// <summary>
/// <c>[Lstm(units, ReturnSequences, Stateful, Activation, RecurrentActivation, UseBias, initialisers, UnitForgetBias)]</c>:
/// gates i, f, c, o; tanh and sigmoid unless set; one bias (4·units), as Keras, unless UseBias is false.
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
