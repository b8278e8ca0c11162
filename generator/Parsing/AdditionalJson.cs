namespace Unroll.Generator.Parsing;

/// <summary>One JSON file of AdditionalFiles: its path and text.</summary>
internal sealed record AdditionalJson(string Path, string? Text);
