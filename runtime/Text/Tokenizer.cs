using System.Globalization;
using System.Text;

namespace Unroll;

/// <summary>
/// Turns texts into sequences of word indices or into per-document word vectors, with the semantics and
/// defaults of Keras' <c>keras.preprocessing.text.Tokenizer</c> (tf.keras 2; <c>keras._legacy</c> in Keras 3).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="FitOnTexts"/> counts words; <see cref="WordIndex"/> then ranks them by count, most frequent
/// first, ties in first-seen order, starting at 1 (0 is reserved for padding). With an
/// <see cref="OovToken"/>, that token takes index 1 and the words follow from 2.
/// </para>
/// <para>
/// <see cref="NumWords"/> limits <see cref="TextsToSequences"/> and the matrix methods to indices below it,
/// that is, the <c>NumWords - 1</c> top-ranked entries (the out-of-vocabulary token included);
/// <see cref="WordIndex"/> itself always holds every word seen.
/// </para>
/// <para>
/// Lowercasing is <see cref="string.ToLowerInvariant"/> (Python's <c>str.lower</c> differs only for the few
/// characters whose lowercase is longer than one code point). Characters are Unicode code points, as in
/// Python: a surrogate pair is one character for filtering and for <see cref="CharLevel"/> tokens.
/// </para>
/// </remarks>
public sealed class Tokenizer
{
    /// <summary>The Keras default <c>filters</c>: ASCII punctuation, tab and newline.</summary>
    public const string DefaultFilters = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";

    private readonly HashSet<int> _filterSet;
    private readonly OrderedDictionary<string, int> _wordCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _wordDocs = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _indexDocs = [];
    private Dictionary<string, int> _wordIndex = new(StringComparer.Ordinal);
    private Dictionary<int, string> _indexWord = [];

    /// <summary>Creates an unfitted tokenizer; the parameters are those of the Keras constructor, with its defaults.</summary>
    /// <param name="numWords">Keras <c>num_words</c>: only indices below this are kept by <see cref="TextsToSequences"/> and
    /// the matrix methods, and it is the matrix width; <see langword="null"/> keeps every word.</param>
    /// <param name="filters">Keras <c>filters</c>: characters replaced by <paramref name="split"/> before splitting (word level only).</param>
    /// <param name="lower">Keras <c>lower</c>: lowercase texts first.</param>
    /// <param name="split">Keras <c>split</c>: the word separator (word level only).</param>
    /// <param name="charLevel">Keras <c>char_level</c>: every character (spaces and punctuation included, no filtering) is a token.</param>
    /// <param name="oovToken">Keras <c>oov_token</c>: when set, it gets index 1 and stands for unknown or cut-off words.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numWords"/> is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="split"/> is empty for word-level tokenizing.</exception>
    public Tokenizer(
        int? numWords = null,
        string filters = DefaultFilters,
        bool lower = true,
        string split = " ",
        bool charLevel = false,
        string? oovToken = null)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(split);
        if (numWords is int n && n < 1)
            throw new ArgumentOutOfRangeException(nameof(numWords), n, $"numWords must be ≥ 1 (or null for no limit), but was {n}.");
        if (!charLevel && split.Length == 0)
            throw new ArgumentException("Expected a non-empty word separator, but split is empty.", nameof(split));

        NumWords = numWords;
        Filters = filters;
        Lower = lower;
        Split = split;
        CharLevel = charLevel;
        OovToken = oovToken;
        _filterSet = [];
        for (int i = 0; i < filters.Length;)
            _filterSet.Add(NextCodePoint(filters, ref i));
    }

    /// <summary>Keras <c>num_words</c>: the exclusive upper bound on kept indices, or <see langword="null"/> for none.</summary>
    public int? NumWords { get; }

    /// <summary>Keras <c>filters</c>: characters treated as separators at word level.</summary>
    public string Filters { get; }

    /// <summary>Keras <c>lower</c>: whether texts are lowercased.</summary>
    public bool Lower { get; }

    /// <summary>Keras <c>split</c>: the word separator.</summary>
    public string Split { get; }

    /// <summary>Keras <c>char_level</c>: whether every character is a token.</summary>
    public bool CharLevel { get; }

    /// <summary>Keras <c>oov_token</c>: the out-of-vocabulary token, or <see langword="null"/> to drop unknown words.</summary>
    public string? OovToken { get; }

    /// <summary>Keras <c>document_count</c>: the number of texts (and sequences) fitted so far.</summary>
    public int DocumentCount { get; private set; }

    /// <summary>
    /// Keras <c>word_index</c>: token → index from 1, by descending count with ties in first-seen order;
    /// the <see cref="OovToken"/>, if any, first at 1. Enumerates in index order. Empty before fitting.
    /// </summary>
    public IReadOnlyDictionary<string, int> WordIndex => _wordIndex;

    /// <summary>Keras <c>index_word</c>: the inverse of <see cref="WordIndex"/>.</summary>
    public IReadOnlyDictionary<int, string> IndexWord => _indexWord;

    /// <summary>Keras <c>word_counts</c>: token → occurrences over all fitted texts, in first-seen order.</summary>
    public IReadOnlyDictionary<string, int> WordCounts => _wordCounts;

    /// <summary>Keras <c>word_docs</c>: token → number of fitted texts that contain it.</summary>
    public IReadOnlyDictionary<string, int> WordDocs => _wordDocs;

    /// <summary>
    /// Keras <c>fit_on_texts</c>: adds the texts' tokens to the counts (repeated calls accumulate) and
    /// rebuilds <see cref="WordIndex"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A text is null.</exception>
    public void FitOnTexts(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        // Tokenize everything first, so a null text leaves the tokenizer unchanged.
        int position = 0;
        var tokenized = texts.Select(text => Tokens(text, position++, nameof(texts))).ToList();
        foreach (List<string> tokens in tokenized)
        {
            DocumentCount++;
            foreach (string token in tokens)
                _wordCounts[token] = _wordCounts.TryGetValue(token, out int count) ? count + 1 : 1;
            foreach (string token in new HashSet<string>(tokens, StringComparer.Ordinal))
                _wordDocs[token] = _wordDocs.GetValueOrDefault(token) + 1;
        }

        // Stable sort: equal counts keep first-seen order, as Python's list.sort does.
        var vocabulary = new List<string>(_wordCounts.Count + 1);
        if (OovToken is not null) vocabulary.Add(OovToken);
        vocabulary.AddRange(_wordCounts.OrderByDescending(pair => pair.Value).Select(pair => pair.Key));

        // As Keras' dict(zip(...)): if the OOV token also occurs in the texts, its later rank wins and index 1 stays unused.
        var wordIndex = new Dictionary<string, int>(vocabulary.Count, StringComparer.Ordinal);
        for (int i = 0; i < vocabulary.Count; i++) wordIndex[vocabulary[i]] = i + 1;
        _wordIndex = wordIndex;
        _indexWord = wordIndex.ToDictionary(pair => pair.Value, pair => pair.Key);
        foreach (var (word, documents) in _wordDocs) _indexDocs[wordIndex[word]] = documents;
    }

    /// <summary>
    /// Keras <c>fit_on_sequences</c>: counts already-indexed sequences as documents for the
    /// <see cref="TextMode.TfIdf"/> document frequencies; <see cref="WordIndex"/> is unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">A sequence is null.</exception>
    public void FitOnSequences(IEnumerable<int[]> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        List<int[]> list = [.. sequences];
        int nullAt = list.IndexOf(null!);
        if (nullAt >= 0)
            throw new ArgumentException($"Expected an id sequence at index {nullAt}, but found null.", nameof(sequences));
        foreach (int[] sequence in list)
        {
            DocumentCount++;
            foreach (int index in new HashSet<int>(sequence))
                _indexDocs[index] = _indexDocs.GetValueOrDefault(index) + 1;
        }
    }

    /// <summary>
    /// Keras <c>texts_to_sequences</c>: each text as the indices of its tokens. Unknown tokens and tokens
    /// with index ≥ <see cref="NumWords"/> are dropped, or replaced by the <see cref="OovToken"/>'s index when one is set.
    /// </summary>
    /// <exception cref="ArgumentException">A text is null.</exception>
    /// <exception cref="InvalidOperationException">An <see cref="OovToken"/> is set but the tokenizer has not been fitted on texts.</exception>
    public int[][] TextsToSequences(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        int? oovIndex = null;
        if (OovToken is not null)
        {
            if (!_wordIndex.TryGetValue(OovToken, out int found))
                throw new InvalidOperationException($"Expected the out-of-vocabulary token \"{OovToken}\" in the word index, but it is not there: call FitOnTexts first.");
            oovIndex = found;
        }

        var result = new List<int[]>();
        int position = 0;
        foreach (string text in texts)
        {
            var sequence = new List<int>();
            foreach (string token in Tokens(text, position++, nameof(texts)))
            {
                if (_wordIndex.TryGetValue(token, out int index) && !(index >= NumWords))
                    sequence.Add(index);
                else if (oovIndex is int oov)
                    sequence.Add(oov);
            }
            result.Add([.. sequence]);
        }
        return [.. result];
    }

    /// <summary>
    /// Keras <c>sequences_to_texts</c>: each sequence's tokens joined by single spaces (also at character level).
    /// Indices that are unknown (0 included) or ≥ <see cref="NumWords"/> are dropped, or become the
    /// <see cref="OovToken"/> when one is set.
    /// </summary>
    /// <exception cref="ArgumentException">A sequence is null.</exception>
    public string[] SequencesToTexts(IEnumerable<int[]> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        string? oovWord = OovToken is not null && _wordIndex.TryGetValue(OovToken, out int oovIndex) ? _indexWord[oovIndex] : null;
        var texts = new List<string>();
        int position = 0;
        foreach (int[] sequence in sequences)
        {
            if (sequence is null)
                throw new ArgumentException($"Expected an id sequence at index {position}, but found null.", nameof(sequences));
            position++;
            var words = new List<string>(sequence.Length);
            foreach (int index in sequence)
            {
                if (_indexWord.TryGetValue(index, out string? word) && !(index >= NumWords))
                    words.Add(word);
                else if (oovWord is not null)
                    words.Add(oovWord);
            }
            texts.Add(string.Join(' ', words));
        }
        return [.. texts];
    }

    /// <summary>Keras <c>texts_to_matrix</c>: <see cref="TextsToSequences"/> then <see cref="SequencesToMatrix"/>.</summary>
    /// <inheritdoc cref="SequencesToMatrix" path="/exception"/>
    public Matrix TextsToMatrix(IEnumerable<string> texts, TextMode mode = TextMode.Binary) =>
        SequencesToMatrix(TextsToSequences(texts), mode);

    /// <summary>
    /// Keras <c>sequences_to_matrix</c>: one row per sequence and <see cref="NumWords"/> columns
    /// (<see cref="WordIndex"/> count + 1 when it is null); column <c>j</c> describes index <c>j</c> as
    /// <paramref name="mode"/> says. Indices at or above the column count are ignored (but still count in
    /// the <see cref="TextMode.Freq"/> length); column 0 is nonzero only if a sequence holds the padding id 0.
    /// </summary>
    /// <exception cref="ArgumentException">A sequence is null or holds a negative index.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not a defined <see cref="TextMode"/>.</exception>
    /// <exception cref="InvalidOperationException"><see cref="NumWords"/> is null and nothing has been fitted, or
    /// <see cref="TextMode.TfIdf"/> is asked before any document was fitted.</exception>
    public Matrix SequencesToMatrix(IReadOnlyList<int[]> sequences, TextMode mode = TextMode.Binary)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (mode is not (TextMode.Binary or TextMode.Count or TextMode.Freq or TextMode.TfIdf))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Expected a TextMode (Binary, Count, Freq or TfIdf), but found {(int)mode}.");

        int columns;
        if (NumWords is int numWords) columns = numWords;
        else if (_wordIndex.Count > 0) columns = _wordIndex.Count + 1;
        else throw new InvalidOperationException("The matrix width is unknown: pass numWords to the Tokenizer, or call FitOnTexts first.");
        if (mode == TextMode.TfIdf && DocumentCount == 0)
            throw new InvalidOperationException("TfIdf needs document frequencies: call FitOnTexts or FitOnSequences first.");

        var matrix = new Matrix(sequences.Count, columns, new float[checked(sequences.Count * columns)]);
        var counts = new Dictionary<int, int>();
        for (int i = 0; i < sequences.Count; i++)
        {
            if (sequences[i] is not { } sequence)
                throw new ArgumentException($"Expected an id sequence at index {i}, but found null.", nameof(sequences));
            counts.Clear();
            for (int k = 0; k < sequence.Length; k++)
            {
                int index = sequence[k];
                if (index < 0)
                    throw new ArgumentException($"Expected word indices ≥ 0, but sequence {i} holds {index} at position {k}.", nameof(sequences));
                if (index < columns) counts[index] = counts.GetValueOrDefault(index) + 1;
            }

            Span<float> row = matrix.Row(i);
            foreach (var (index, count) in counts)
            {
                row[index] = mode switch
                {
                    TextMode.Binary => 1f,
                    TextMode.Count => count,
                    TextMode.Freq => (float)((double)count / sequence.Length),
                    _ => (float)((1 + Math.Log(count)) * Math.Log(1 + (double)DocumentCount / (1 + _indexDocs.GetValueOrDefault(index)))),
                };
            }
        }
        return matrix;
    }

    /// <summary>
    /// Keras <c>text_to_word_sequence</c>: optionally lowercases <paramref name="text"/>, replaces every
    /// character of <paramref name="filters"/> by <paramref name="split"/>, splits on <paramref name="split"/>
    /// and drops empty words. Other whitespace (such as <c>\r</c>) is not a separator unless it is in the filters.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="split"/> is empty.</exception>
    public static string[] TextToWordSequence(string text, string filters = DefaultFilters, bool lower = true, string split = " ")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(split);
        if (split.Length == 0)
            throw new ArgumentException("Expected a non-empty word separator, but split is empty.", nameof(split));
        var filterSet = new HashSet<int>();
        for (int i = 0; i < filters.Length;) filterSet.Add(NextCodePoint(filters, ref i));
        return WordSequence(text, filterSet, lower, split);
    }

    private List<string> Tokens(string? text, int position, string parameter)
    {
        if (text is null)
            throw new ArgumentException($"Expected a text at index {position}, but found null.", parameter);
        if (!CharLevel) return [.. WordSequence(text, _filterSet, Lower, Split)];

        if (Lower) text = text.ToLowerInvariant();
        var characters = new List<string>(text.Length);
        for (int i = 0; i < text.Length;)
        {
            int start = i;
            NextCodePoint(text, ref i);
            characters.Add(text[start..i]);
        }
        return characters;
    }

    private static string[] WordSequence(string text, HashSet<int> filters, bool lower, string split)
    {
        if (lower) text = text.ToLowerInvariant();
        var replaced = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length;)
        {
            int start = i;
            int codePoint = NextCodePoint(text, ref i);
            if (filters.Contains(codePoint)) replaced.Append(split);
            else replaced.Append(text, start, i - start);
        }
        return replaced.ToString().Split(split, StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The code point at <paramref name="i"/>, advancing past it; a lone surrogate is its own code point, as in Python.</summary>
    private static int NextCodePoint(string s, ref int i)
    {
        char c = s[i++];
        if (char.IsHighSurrogate(c) && i < s.Length && char.IsLowSurrogate(s[i]))
            return char.ConvertToUtf32(c, s[i++]);
        return c;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Tokenizer({_wordIndex.Count} words, {DocumentCount} documents, numWords = {(NumWords is int n ? n.ToString(CultureInfo.InvariantCulture) : "null")})");
}
