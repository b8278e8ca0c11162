using Unroll.Generator.Diagnostics;

namespace Unroll.Generator.Spec;

/// <summary><c>[Flatten]</c>: each sample becomes one axis; no data moves (row-major storage).</summary>
internal sealed record FlattenSpec(string Name, LocationInfo? Location) : LayerSpec(Name, Location)
{
    public override string KerasType => "Flatten";
}

/// <summary><c>[Dropout(rate)]</c>: inverted dropout in training, identity otherwise.</summary>
internal sealed record DropoutSpec(string Name, LocationInfo? Location, float Rate) : LayerSpec(Name, Location)
{
    public override string KerasType => "Dropout";
}
