using Unroll.Generator.Diagnostics;

namespace Unroll.Generator.Spec;

/// <summary><c>[Dense(units, Activation, UseBias, KernelInitializer, BiasInitializer, L2)]</c>.</summary>
internal sealed record DenseSpec(
    string Name,
    LocationInfo? Location,
    int Units,
    ActivationKind Activation,
    bool UseBias,
    InitializerKind KernelInitializer,
    InitializerKind BiasInitializer,
    float L2) : LayerSpec(Name, Location)
{
    public override string KerasType => "Dense";
}
