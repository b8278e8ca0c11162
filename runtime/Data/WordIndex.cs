using System.Text.Json;

namespace Unroll;

/// <summary>
/// Reads a Keras word index (<c>imdb_word_index.json</c>, <c>reuters_word_index.json</c>): one JSON
/// object mapping each word to its frequency rank, 1 for the most frequent. In the sequences of
/// <see cref="Datasets.Imdb"/> and <see cref="Datasets.Reuters"/> a word's id is its rank plus
/// <c>indexFrom</c> (3 by default).
/// </summary>
public static class WordIndex
{
    /// <summary>Parses the word index in <paramref name="json"/>; <paramref name="name"/> names it in messages.</summary>
    /// <exception cref="InvalidDataException">The text is not a JSON object of whole numbers.</exception>
    public static IReadOnlyDictionary<string, int> Parse(ReadOnlySpan<byte> json, string name)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{name}: expected a JSON object mapping words to ranks, but found {document.RootElement.ValueKind}.");
            foreach (JsonProperty word in document.RootElement.EnumerateObject())
            {
                if (word.Value.ValueKind != JsonValueKind.Number || !word.Value.TryGetInt32(out int rank))
                    throw new InvalidDataException($"{name}: the word '{word.Name}' maps to {word.Value.GetRawText()}; expected a whole number.");
                if (!index.TryAdd(word.Name, rank))
                    throw new InvalidDataException($"{name}: the word '{word.Name}' appears twice.");
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{name}: not valid JSON: {e.Message}", e);
        }
        return index;
    }

    /// <summary>
    /// The word of each id, as Keras's documentation builds it: rank + <paramref name="indexFrom"/>
    /// → word, with <paramref name="startChar"/> as <c>[START]</c> and <paramref name="oovChar"/> as <c>[OOV]</c>.
    /// </summary>
    public static IReadOnlyDictionary<int, string> Invert(IReadOnlyDictionary<string, int> wordIndex, int indexFrom = 3, int? startChar = 1, int? oovChar = 2)
    {
        ArgumentNullException.ThrowIfNull(wordIndex);
        var words = new Dictionary<int, string>();
        foreach (var (word, rank) in wordIndex) words[rank + indexFrom] = word;
        if (startChar is { } start) words[start] = "[START]";
        if (oovChar is { } oov) words[oov] = "[OOV]";
        return words;
    }

    /// <summary>The words of <paramref name="sequence"/>, joined by spaces; an id with no word is shown as <c>?</c>.</summary>
    public static string Decode(IReadOnlyDictionary<int, string> words, ReadOnlySpan<int> sequence)
    {
        ArgumentNullException.ThrowIfNull(words);
        var parts = new string[sequence.Length];
        for (int i = 0; i < sequence.Length; i++) parts[i] = words.TryGetValue(sequence[i], out string? w) ? w : "?";
        return string.Join(' ', parts);
    }
}
