namespace Unroll.Generator.Spec;

/// <summary>What a pooling layer computes over its window.</summary>
internal enum PoolKind
{
    Max,
    Average,
}
