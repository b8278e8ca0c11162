using Unroll;

namespace Unroll.Tests.Text;

// Reference values are worked out by hand from keras/src/legacy/preprocessing/text.py (the tf.keras 2
// keras.preprocessing.text code): text_to_word_sequence lowercases, maps every filter char to `split`,
// splits and drops empties; fit_on_texts sorts word_counts (an OrderedDict, first-seen order) by count
// with Python's stable sort and numbers from 1, the oov token first.
public class TokenizerTests
{
    // "the cat sat on the mat" / "the dog sat on the log" / "dogs and cats"
    // counts in first-seen order: the 4, cat 1, sat 2, on 2, mat 1, dog 1, log 1, dogs 1, and 1, cats 1
    // stable sort by count desc: the, sat, on (ties in first-seen order), then the 1-count words as seen.
    private static readonly string[] Pets = ["The cat sat on the mat.", "The dog sat on the log!", "Dogs and cats"];

    [Fact]
    public void WordIndex_ranks_by_count_with_ties_in_first_seen_order()
    {
        var tokenizer = new Tokenizer();
        tokenizer.FitOnTexts(Pets);

        Assert.Equal(
            ["the", "sat", "on", "cat", "mat", "dog", "log", "dogs", "and", "cats"],
            tokenizer.WordIndex.OrderBy(p => p.Value).Select(p => p.Key));
        Assert.Equal(Enumerable.Range(1, 10), tokenizer.WordIndex.Values.Order());
        Assert.Equal("sat", tokenizer.IndexWord[2]);
        Assert.Equal(3, tokenizer.DocumentCount);
        // word_counts keeps first-seen order.
        Assert.Equal(["the", "cat", "sat", "on", "mat", "dog", "log", "dogs", "and", "cats"], tokenizer.WordCounts.Keys);
        Assert.Equal([4, 1, 2, 2, 1, 1, 1, 1, 1, 1], tokenizer.WordCounts.Values);
        // word_docs: documents containing the word ("the" twice in each of 2 texts → 2).
        Assert.Equal(2, tokenizer.WordDocs["the"]);
        Assert.Equal(2, tokenizer.WordDocs["sat"]);
        Assert.Equal(1, tokenizer.WordDocs["cat"]);
    }

    [Fact]
    public void TextsToSequences_uses_WordIndex_and_drops_unknown_words()
    {
        var tokenizer = new Tokenizer();
        tokenizer.FitOnTexts(Pets);

        int[][] sequences = tokenizer.TextsToSequences([.. Pets, "the bird sat"]);

        Assert.Equal([1, 4, 2, 3, 1, 5], sequences[0]);
        Assert.Equal([1, 6, 2, 3, 1, 7], sequences[1]);
        Assert.Equal([8, 9, 10], sequences[2]);
        Assert.Equal([1, 2], sequences[3]); // "bird" unknown, no oov token → dropped
    }

    [Fact]
    public void NumWords_keeps_only_indices_below_it()
    {
        // num_words = 4 keeps indices 1..3: the, sat, on. WordIndex still holds every word.
        var tokenizer = new Tokenizer(numWords: 4);
        tokenizer.FitOnTexts(Pets);

        int[][] sequences = tokenizer.TextsToSequences([.. Pets, "the bird sat"]);

        Assert.Equal(10, tokenizer.WordIndex.Count);
        Assert.Equal([1, 2, 3, 1], sequences[0]);
        Assert.Equal([1, 2, 3, 1], sequences[1]);
        Assert.Empty(sequences[2]);
        Assert.Equal([1, 2], sequences[3]);
    }

    [Fact]
    public void OovToken_takes_index_one_and_replaces_unknown_words()
    {
        // sorted_voc = ["<OOV>", the, sat, on, cat, mat, dog, log, dogs, and, cats] → 1..11
        var tokenizer = new Tokenizer(oovToken: "<OOV>");
        tokenizer.FitOnTexts(Pets);

        Assert.Equal(1, tokenizer.WordIndex["<OOV>"]);
        Assert.Equal(2, tokenizer.WordIndex["the"]);
        Assert.Equal(11, tokenizer.WordIndex["cats"]);
        Assert.Equal([2, 1, 3, 4, 2, 6], tokenizer.TextsToSequences(["the bird sat on the mat"])[0]);
    }

    [Fact]
    public void OovToken_also_replaces_words_cut_by_NumWords()
    {
        // num_words = 5 keeps 1..4: <OOV>, the, sat, on. mat (6) and the unknown bird become 1.
        var tokenizer = new Tokenizer(numWords: 5, oovToken: "<OOV>");
        tokenizer.FitOnTexts(Pets);

        int[][] sequences = tokenizer.TextsToSequences(["the bird sat on the mat", "cats and dogs"]);

        Assert.Equal([2, 1, 3, 4, 2, 1], sequences[0]);
        Assert.Equal([1, 1, 1], sequences[1]);
    }

    [Fact]
    public void OovToken_that_occurs_in_the_texts_keeps_its_later_rank_as_Keras_does()
    {
        // sorted_voc = ["unk", "unk", "a"]; dict(zip(...)) keeps the last → unk 2, a 3; index 1 unused.
        var tokenizer = new Tokenizer(oovToken: "unk");
        tokenizer.FitOnTexts(["unk a"]);

        Assert.Equal(2, tokenizer.WordIndex["unk"]);
        Assert.Equal(3, tokenizer.WordIndex["a"]);
        Assert.False(tokenizer.IndexWord.ContainsKey(1));
        Assert.Equal([2, 3, 2], tokenizer.TextsToSequences(["x a unk"])[0]);
    }

    [Fact]
    public void SequencesToTexts_joins_words_with_spaces()
    {
        var plain = new Tokenizer();
        plain.FitOnTexts(Pets);
        // 0 and 99 are not in index_word → dropped without an oov token.
        Assert.Equal(["the cat"], plain.SequencesToTexts([[1, 4, 0, 99]]));

        var withOov = new Tokenizer(numWords: 5, oovToken: "<OOV>");
        withOov.FitOnTexts(Pets);
        // 2 = the; 0, 99 unknown and 5 (cat) ≥ num_words → "<OOV>".
        Assert.Equal(["the <OOV> <OOV> <OOV>"], withOov.SequencesToTexts([[2, 0, 99, 5]]));
    }

    [Fact]
    public void CharLevel_tokenizes_every_character_without_filters()
    {
        // "ab a" → a, b, ' ', a; "b!" → b, ! (filters are not applied at char level).
        // counts: a 2, b 2, ' ' 1, ! 1 → a 1, b 2, ' ' 3, ! 4. "AB!?" → a b ! (? unknown, dropped).
        var tokenizer = new Tokenizer(charLevel: true);
        tokenizer.FitOnTexts(["Ab a", "b!"]);

        Assert.Equal(["a", "b", " ", "!"], tokenizer.WordIndex.OrderBy(p => p.Value).Select(p => p.Key));
        Assert.Equal([1, 2, 4], tokenizer.TextsToSequences(["AB!?"])[0]);
    }

    [Fact]
    public void CharLevel_treats_a_surrogate_pair_as_one_character_like_Python()
    {
        var tokenizer = new Tokenizer(charLevel: true);
        tokenizer.FitOnTexts(["a\U0001F600a"]);

        Assert.Equal(2, tokenizer.WordIndex.Count);
        Assert.Equal(2, tokenizer.WordIndex["\U0001F600"]);
    }

    [Fact]
    public void Lower_false_keeps_case_distinct()
    {
        var tokenizer = new Tokenizer(lower: false);
        tokenizer.FitOnTexts(["Cat cat"]);

        Assert.Equal(1, tokenizer.WordIndex["Cat"]);
        Assert.Equal(2, tokenizer.WordIndex["cat"]);
    }

    [Fact]
    public void Repeated_fits_accumulate_and_re_rank()
    {
        var tokenizer = new Tokenizer();
        tokenizer.FitOnTexts(["a b"]);
        Assert.Equal(1, tokenizer.WordIndex["a"]);

        tokenizer.FitOnTexts(["b"]); // counts a 1, b 2 → b 1, a 2
        Assert.Equal(1, tokenizer.WordIndex["b"]);
        Assert.Equal(2, tokenizer.WordIndex["a"]);
        Assert.Equal(2, tokenizer.DocumentCount);
        Assert.Equal(2, tokenizer.WordDocs["b"]);
    }

    [Fact]
    public void TextToWordSequence_replaces_filters_by_split_and_drops_empty_words()
    {
        // ',', '!', '\t', '-', '\n' are filters; '\r' is not, so it stays inside "bar\r".
        Assert.Equal(
            ["hello", "world", "foo", "bar\r", "baz"],
            Tokenizer.TextToWordSequence("Hello, World!\tfoo--bar\r\nbaz"));
        // Custom filters and split: ';' → ',' then split on ','.
        Assert.Equal(["a", "b", "c"], Tokenizer.TextToWordSequence("a,b;;c", filters: ";", split: ","));
        Assert.Equal(["A", "B"], Tokenizer.TextToWordSequence("A B", lower: false));
        Assert.Empty(Tokenizer.TextToWordSequence(" ... "));
    }

    [Fact]
    public void Rejects_invalid_settings()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Tokenizer(numWords: 0));
        Assert.Contains("but was 0", ex.Message);
        Assert.Throws<ArgumentException>(() => new Tokenizer(split: ""));
        _ = new Tokenizer(split: "", charLevel: true); // split is unused at char level
        Assert.Throws<ArgumentException>(() => Tokenizer.TextToWordSequence("a", split: ""));
    }

    [Fact]
    public void Rejects_null_texts_with_their_position_and_leaves_state_unchanged()
    {
        var tokenizer = new Tokenizer();
        var ex = Assert.Throws<ArgumentException>(() => tokenizer.FitOnTexts(["a", null!]));
        Assert.Contains("index 1", ex.Message);
        Assert.Equal(0, tokenizer.DocumentCount);
        Assert.Empty(tokenizer.WordCounts);

        tokenizer.FitOnTexts(["a"]);
        Assert.Contains("index 0", Assert.Throws<ArgumentException>(() => tokenizer.TextsToSequences([null!])).Message);
    }

    [Fact]
    public void OovToken_before_fitting_is_an_error()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new Tokenizer(oovToken: "<OOV>").TextsToSequences(["a"]));
        Assert.Contains("FitOnTexts", ex.Message);
        // Without an oov token Keras returns empty sequences.
        Assert.Empty(new Tokenizer().TextsToSequences(["a"])[0]);
    }
}
