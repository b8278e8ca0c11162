using Unroll;

namespace Unroll.Tests.Text;

// Reference values from keras/src/utils/sequence_utils.py (pad_sequences): the output is filled with
// `value`; truncating "pre" keeps s[-maxlen:], "post" keeps s[:maxlen]; padding "pre" writes the kept ids
// to the row's end, "post" to its start. The first four cases are the examples in Keras' docstring.
public class SequencesTests
{
    private static readonly int[][] Ragged = [[1], [2, 3], [4, 5, 6]];

    [Fact]
    public void Defaults_pad_at_the_start_to_the_longest_sequence()
    {
        Assert.Equal([[0, 0, 1], [0, 2, 3], [4, 5, 6]], Sequences.Pad(Ragged));
    }

    [Fact]
    public void Pads_with_the_given_value()
    {
        Assert.Equal([[-1, -1, 1], [-1, 2, 3], [4, 5, 6]], Sequences.Pad(Ragged, value: -1));
    }

    [Fact]
    public void Post_padding_pads_at_the_end()
    {
        Assert.Equal([[1, 0, 0], [2, 3, 0], [4, 5, 6]], Sequences.Pad(Ragged, padding: SequenceSide.Post));
    }

    [Fact]
    public void Pre_truncating_keeps_the_last_ids()
    {
        Assert.Equal([[0, 1], [2, 3], [5, 6]], Sequences.Pad(Ragged, maxLength: 2));
    }

    [Fact]
    public void Post_truncating_keeps_the_first_ids()
    {
        Assert.Equal([[0, 1], [2, 3], [4, 5]], Sequences.Pad(Ragged, maxLength: 2, truncating: SequenceSide.Post));
        Assert.Equal([[1, 9], [2, 3], [4, 5]],
            Sequences.Pad(Ragged, maxLength: 2, padding: SequenceSide.Post, truncating: SequenceSide.Post, value: 9));
    }

    [Fact]
    public void Longer_MaxLength_pads_every_row()
    {
        Assert.Equal([[7, 7, 7, 1], [7, 7, 2, 3], [7, 4, 5, 6]], Sequences.Pad(Ragged, maxLength: 4, value: 7));
    }

    [Fact]
    public void Empty_sequences_become_all_padding()
    {
        Assert.Equal([[0, 0], [1, 2]], Sequences.Pad([[], [1, 2]]));
        Assert.Equal([[], []], Sequences.Pad([[], []]));
    }

    [Fact]
    public void Zero_MaxLength_and_no_sequences_give_empty_results()
    {
        // Keras errors for maxlen = 0 with truncating "pre" (s[-0:] is the whole sequence); here rows are just empty.
        Assert.Equal([[], [], []], Sequences.Pad(Ragged, maxLength: 0));
        Assert.Empty(Sequences.Pad([], maxLength: 3));
        Matrix none = Sequences.PadToMatrix([], maxLength: 3);
        Assert.Equal((0, 3), (none.Rows, none.Columns));
    }

    [Fact]
    public void Does_not_modify_the_input()
    {
        int[][] input = [[1, 2, 3]];
        int[][] padded = Sequences.Pad(input, maxLength: 3);
        padded[0][0] = 99;
        Assert.Equal([1, 2, 3], input[0]);
    }

    [Fact]
    public void PadToMatrix_stores_ids_as_floats_row_major()
    {
        Matrix m = Sequences.PadToMatrix(Ragged);
        Assert.Equal(3, m.Rows);
        Assert.Equal(3, m.Columns);
        Assert.Equal([0f, 0f, 1f, 0f, 2f, 3f, 4f, 5f, 6f], m.Data);

        Matrix post = Sequences.PadToMatrix(Ragged, maxLength: 2, padding: SequenceSide.Post, truncating: SequenceSide.Post, value: -0.5f);
        Assert.Equal([1f, -0.5f, 2f, 3f, 4f, 5f], post.Data);
    }

    [Fact]
    public void Tokenizer_output_pads_into_a_network_input()
    {
        var tokenizer = new Tokenizer(numWords: 10);
        tokenizer.FitOnTexts(["the cat sat", "the dog"]); // the 1, cat 2, sat 3, dog 4

        Matrix input = Sequences.PadToMatrix(tokenizer.TextsToSequences(["the cat sat", "dog"]), maxLength: 3);

        Assert.Equal([1f, 2f, 3f, 0f, 0f, 4f], input.Data);
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => Sequences.Pad(Ragged, maxLength: -1));
        Assert.Contains("but was -1", negative.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Sequences.PadToMatrix(Ragged, maxLength: -2));
        Assert.Contains("empty list", Assert.Throws<ArgumentException>(() => Sequences.Pad([])).Message);
        Assert.Contains("index 1", Assert.Throws<ArgumentException>(() => Sequences.Pad([[1], null!])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Sequences.Pad(Ragged, padding: (SequenceSide)2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sequences.Pad(Ragged, truncating: (SequenceSide)(-1)));
        Assert.Throws<ArgumentNullException>(() => Sequences.Pad(null!));
    }
}
