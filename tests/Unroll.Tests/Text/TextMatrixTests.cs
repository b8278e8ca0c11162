using Unroll;

namespace Unroll.Tests.Text;

// sequences_to_matrix by hand, from keras/src/legacy/preprocessing/text.py.
// Corpus "a b a" / "b c" / "c c c d":
//   counts a 2, b 2, c 4, d 1 → word_index c 1, a 2, b 3, d 4; columns = len(word_index) + 1 = 5.
//   sequences [2, 3, 2], [3, 1], [1, 1, 1, 4]; document_count D = 3.
//   word_docs a 1, b 2, c 2, d 1 → index_docs {1: 2, 2: 1, 3: 2, 4: 1}.
//   idf = ln(1 + D / (1 + docs)): docs 1 → ln 2.5 = 0.9162907; docs 2 → ln 2 = 0.6931472.
public class TextMatrixTests
{
    private static readonly string[] Corpus = ["a b a", "b c", "c c c d"];

    private static Tokenizer Fitted(int? numWords = null)
    {
        var tokenizer = new Tokenizer(numWords);
        tokenizer.FitOnTexts(Corpus);
        return tokenizer;
    }

    [Fact]
    public void Binary_is_the_default_mode()
    {
        Matrix m = Fitted().TextsToMatrix(Corpus);

        Assert.Equal(3, m.Rows);
        Assert.Equal(5, m.Columns);
        Assert.Equal(
            [0f, 0f, 1f, 1f, 0f,
             0f, 1f, 0f, 1f, 0f,
             0f, 1f, 0f, 0f, 1f], m.Data);
    }

    [Fact]
    public void Count_mode()
    {
        Matrix m = Fitted().TextsToMatrix(Corpus, TextMode.Count);

        Assert.Equal(
            [0f, 0f, 2f, 1f, 0f,
             0f, 1f, 0f, 1f, 0f,
             0f, 3f, 0f, 0f, 1f], m.Data);
    }

    [Fact]
    public void Freq_mode_divides_by_the_sequence_length()
    {
        Matrix m = Fitted().TextsToMatrix(Corpus, TextMode.Freq);

        Assert.Equal(
            [0f, 0f, 2f / 3f, 1f / 3f, 0f,
             0f, 0.5f, 0f, 0.5f, 0f,
             0f, 0.75f, 0f, 0f, 0.25f], m.Data);
    }

    [Fact]
    public void TfIdf_mode_uses_Keras_weighting()
    {
        Matrix m = Fitted().TextsToMatrix(Corpus, TextMode.TfIdf);

        // row 0: a (col 2) c = 2, docs 1: (1 + ln 2) · ln 2.5 = 1.5514151; b (col 3) c = 1, docs 2: ln 2 = 0.6931472
        // row 1: c (col 1) and b (col 3), c = 1, docs 2: ln 2 each
        // row 2: c (col 1) c = 3, docs 2: (1 + ln 3) · ln 2 = 1.4546472; d (col 4) c = 1, docs 1: ln 2.5 = 0.9162907
        float[] expected =
            [0f, 0f, 1.5514151f, 0.6931472f, 0f,
             0f, 0.6931472f, 0f, 0.6931472f, 0f,
             0f, 1.4546472f, 0f, 0f, 0.9162907f];
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], m.Data[i], 1e-6f);
        Assert.Equal((float)((1 + Math.Log(2)) * Math.Log(2.5)), m[0, 2]);
    }

    [Fact]
    public void TfIdf_of_an_index_in_no_document_uses_zero_documents()
    {
        // Column 0 (the padding id) was in no fitted document: idf = ln(1 + 3 / 1) = ln 4 = 1.3862944.
        // 9 ≥ 5 columns → ignored.
        Matrix m = Fitted().SequencesToMatrix([[0, 9]], TextMode.TfIdf);

        Assert.Equal([(float)Math.Log(4), 0f, 0f, 0f, 0f], m.Data);
    }

    [Fact]
    public void NumWords_sets_the_width_and_ignored_indices_still_count_in_freq_length()
    {
        // num_words = 3 → 3 columns; 4 is skipped but len(seq) = 4 → 1 and 2 get 1/4 each.
        Matrix m = Fitted(numWords: 3).SequencesToMatrix([[1, 4, 4, 2]], TextMode.Freq);

        Assert.Equal(3, m.Columns);
        Assert.Equal([0f, 0.25f, 0.25f], m.Data);
    }

    [Fact]
    public void Empty_sequence_gives_a_zero_row()
    {
        Matrix m = Fitted().SequencesToMatrix([[], [2]], TextMode.Count);

        Assert.Equal([0f, 0f, 0f, 0f, 0f, 0f, 0f, 1f, 0f, 0f], m.Data);
    }

    [Fact]
    public void FitOnSequences_feeds_TfIdf_document_frequencies()
    {
        // Only sequences fitted: D = 2, index 1 in both → idf ln(1 + 2 / 3); index 2 in one → ln(1 + 2 / 2) = ln 2.
        var tokenizer = new Tokenizer(numWords: 3);
        tokenizer.FitOnSequences([[1, 1, 2], [1]]);

        Matrix m = tokenizer.SequencesToMatrix([[1, 2]], TextMode.TfIdf);

        Assert.Equal(2, tokenizer.DocumentCount);
        Assert.Equal([0f, (float)Math.Log(1 + 2.0 / 3), (float)Math.Log(2)], m.Data);
    }

    [Fact]
    public void Width_or_document_count_unknown_is_an_error()
    {
        var unfitted = new Tokenizer();
        Assert.Contains("numWords", Assert.Throws<InvalidOperationException>(() => unfitted.SequencesToMatrix([[1]])).Message);
        var sized = new Tokenizer(numWords: 4);
        Assert.Equal(4, sized.SequencesToMatrix([[1]]).Columns);
        Assert.Contains("TfIdf", Assert.Throws<InvalidOperationException>(() => sized.SequencesToMatrix([[1]], TextMode.TfIdf)).Message);
    }

    [Fact]
    public void Rejects_negative_indices_null_sequences_and_unknown_modes()
    {
        Tokenizer tokenizer = Fitted();
        var ex = Assert.Throws<ArgumentException>(() => tokenizer.SequencesToMatrix([[1], [2, -3]]));
        Assert.Contains("sequence 1 holds -3 at position 1", ex.Message);
        Assert.Contains("index 1", Assert.Throws<ArgumentException>(() => tokenizer.SequencesToMatrix([[1], null!])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.SequencesToMatrix([[1]], (TextMode)42));
    }
}
