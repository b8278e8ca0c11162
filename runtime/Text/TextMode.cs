namespace Unroll;

/// <summary>
/// How <see cref="Tokenizer.SequencesToMatrix"/> fills a document's row (the Keras <c>mode</c> argument of
/// <c>sequences_to_matrix</c> / <c>texts_to_matrix</c>). In every mode, <c>c</c> is the number of times
/// index <c>j</c> occurs in the sequence; indices at or above the column count are skipped.
/// </summary>
public enum TextMode
{
    /// <summary>Keras <c>"binary"</c>: 1 where the index occurs, 0 elsewhere. The Keras default.</summary>
    Binary,

    /// <summary>Keras <c>"count"</c>: the number of occurrences <c>c</c>.</summary>
    Count,

    /// <summary>
    /// Keras <c>"freq"</c>: <c>c / n</c>, where <c>n</c> is the whole sequence length, including any
    /// indices skipped for being out of range.
    /// </summary>
    Freq,

    /// <summary>
    /// Keras <c>"tfidf"</c>: <c>(1 + ln c) · ln(1 + D / (1 + d))</c>, where <c>D</c> is
    /// <see cref="Tokenizer.DocumentCount"/> and <c>d</c> the number of fitted documents containing the index.
    /// </summary>
    TfIdf,
}
