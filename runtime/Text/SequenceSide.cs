namespace Unroll;

/// <summary>
/// Which end of a sequence <see cref="Sequences.Pad"/> pads or truncates: the Keras
/// <c>"pre"</c> / <c>"post"</c> strings of <c>pad_sequences</c>' <c>padding</c> and <c>truncating</c> arguments.
/// </summary>
public enum SequenceSide
{
    /// <summary>Keras <c>"pre"</c>: pad or cut at the start, keeping the end of the sequence. The Keras default.</summary>
    Pre,

    /// <summary>Keras <c>"post"</c>: pad or cut at the end, keeping the start of the sequence.</summary>
    Post,
}
