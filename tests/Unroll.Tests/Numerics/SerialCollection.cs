namespace Unroll.Tests.Numerics;

/// <summary>Tests that flip process-wide switches or count allocations run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial";
}
