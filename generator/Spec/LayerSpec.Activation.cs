using Unroll.Generator.Diagnostics;

namespace Unroll.Generator.Spec;

/// <summary><c>[Activation(function)]</c>: a parameter-free layer.</summary>
internal sealed record ActivationSpec(string Name, LocationInfo? Location, ActivationKind Function) : LayerSpec(Name, Location)
{
    public override LayerKind Kind => LayerKinds.Activation;

    public override TResult Accept<TResult>(ILayerVisitor<TResult> visitor) => visitor.Activation(this);
}
