using Unroll.Generator.Diagnostics;

namespace Unroll.Generator.Spec;

/// <summary>
/// Max or average pooling over windows (<see cref="Global"/>: over the whole height and width),
/// 2-D or, with <see cref="Rank"/> 1, over the steps of a sequence (an image of height 1).
/// </summary>
internal sealed record PoolSpec(
    string Name,
    LocationInfo? Location,
    int Rank,
    PoolKind Pool,
    bool Global,
    int PoolHeight,
    int PoolWidth,
    int StrideHeight,
    int StrideWidth,
    PaddingKind Padding,
    DataFormatKind DataFormat) : LayerSpec(Name, Location)
{
    public override LayerKind Kind => LayerKinds.Pool(Pool, Global, Rank);

    public override TResult Accept<TResult>(ILayerVisitor<TResult> visitor) => visitor.Pool(this);
}
