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
    public override LayerKind Kind => LayerKinds.Dense;

    public override TResult Accept<TResult>(ILayerVisitor<TResult> visitor) => visitor.Dense(this);
}
