using Unroll.Generator.Diagnostics;

namespace Unroll.Generator.Spec;

/// <summary><c>[Flatten]</c>: each sample becomes one axis; no data moves (row-major storage).</summary>
internal sealed record FlattenSpec(string Name, LocationInfo? Location) : LayerSpec(Name, Location)
{
    public override LayerKind Kind => LayerKinds.Flatten;

    public override TResult Accept<TResult>(ILayerVisitor<TResult> visitor) => visitor.Flatten(this);
}

/// <summary><c>[Dropout(rate)]</c>: inverted dropout in training, identity otherwise.</summary>
internal sealed record DropoutSpec(string Name, LocationInfo? Location, float Rate) : LayerSpec(Name, Location)
{
    public override LayerKind Kind => LayerKinds.Dropout;

    public override TResult Accept<TResult>(ILayerVisitor<TResult> visitor) => visitor.Dropout(this);
}
