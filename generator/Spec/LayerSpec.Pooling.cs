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
    PoolKind Kind,
    bool Global,
    int PoolHeight,
    int PoolWidth,
    int StrideHeight,
    int StrideWidth,
    PaddingKind Padding,
    DataFormatKind DataFormat) : LayerSpec(Name, Location)
{
    public override string KerasType
        => (Global ? "Global" : "") + (Kind == PoolKind.Max ? "MaxPooling" : "AveragePooling") + Rank + "D";
}
