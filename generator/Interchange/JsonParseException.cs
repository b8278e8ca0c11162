using System;

namespace Unroll.Generator.Interchange;

/// <summary>Malformed JSON, with the character offset of the problem.</summary>
internal sealed class JsonParseException(string message, int offset) : Exception(message)
{
    public int Offset { get; } = offset;
}
