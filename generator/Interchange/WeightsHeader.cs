namespace Unroll.Generator.Interchange;

/// <summary>The JSON header of a safetensors file in AdditionalFiles (a value, small enough to cache).</summary>
internal sealed record WeightsHeader(string Path, string? Json, string? Problem);
