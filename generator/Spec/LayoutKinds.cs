namespace Unroll.Generator.Spec;

/// <summary>Mirror of the runtime's <c>Unroll.Padding</c>, by value.</summary>
internal enum PaddingKind
{
    Valid = 0,
    Same = 1,
}

/// <summary>Mirror of the runtime's <c>Unroll.DataFormat</c>, by value.</summary>
internal enum DataFormatKind
{
    ChannelsLast = 0,
    ChannelsFirst = 1,
}

/// <summary>What a pooling layer computes over its window.</summary>
internal enum PoolKind
{
    Max,
    Average,
}
