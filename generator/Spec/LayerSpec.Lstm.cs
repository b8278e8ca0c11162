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
    public override string KerasType => "LSTM";
}
