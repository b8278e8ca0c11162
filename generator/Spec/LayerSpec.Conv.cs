using Unroll.Generator.Diagnostics;

namespace Unroll.Generator.Spec;

/// <summary>
/// <c>[Conv2D]</c> or <c>[Conv1D]</c> (<see cref="Rank"/> 1: a sequence (steps, channels) treated
/// as an image of height 1, kernel height 1).
/// </summary>
internal sealed record ConvSpec(
    string Name,
    LocationInfo? Location,
    int Rank,
    int Filters,
    int KernelHeight,
    int KernelWidth,
    int StrideHeight,
    int StrideWidth,
    PaddingKind Padding,
    DataFormatKind DataFormat,
    ActivationKind Activation,
    bool UseBias,
    InitializerKind KernelInitializer,
    InitializerKind BiasInitializer,
    float L2) : LayerSpec(Name, Location)
{
    public override LayerKind Kind => Rank == 1 ? LayerKinds.Conv1D : LayerKinds.Conv2D;

    public override TResult Accept<TResult>(ILayerVisitor<TResult> visitor) => visitor.Conv(this);
}
