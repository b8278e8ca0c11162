namespace Unroll;

/// <summary>
/// Padding of variable-length id sequences to one length (Keras <c>keras.utils.pad_sequences</c>,
/// also <c>keras.preprocessing.sequence.pad_sequences</c>), e.g. the output of
/// <see cref="Tokenizer.TextsToSequences"/> before it goes into an embedding or recurrent network.
/// </summary>
public static class Sequences
{
    /// <summary>
    /// Pads or truncates every sequence to <paramref name="maxLength"/> ids (Keras <c>pad_sequences</c>
    /// with <c>dtype="int32"</c>). Keras defaults: pad and truncate at the start (<see cref="SequenceSide.Pre"/>),
    /// pad with 0, and <paramref name="maxLength"/> <see langword="null"/> = the longest sequence.
    /// </summary>
    /// <param name="sequences">One id sequence per sample; the sequences are not modified.</param>
    /// <param name="maxLength">Length of every output row (Keras <c>maxlen</c>); <see langword="null"/> uses the longest sequence.</param>
    /// <param name="padding">Keras <c>padding</c>: <see cref="SequenceSide.Pre"/> puts <paramref name="value"/> before a short
    /// sequence, <see cref="SequenceSide.Post"/> after it.</param>
    /// <param name="truncating">Keras <c>truncating</c>: <see cref="SequenceSide.Pre"/> drops the first ids of a long
    /// sequence (keeps its last <paramref name="maxLength"/>), <see cref="SequenceSide.Post"/> drops the last ones.</param>
    /// <param name="value">The padding id (Keras <c>value</c>).</param>
    /// <returns>One new array of exactly the output length per input sequence.</returns>
    /// <exception cref="ArgumentException">A sequence is null, or <paramref name="maxLength"/> is null and there are no sequences.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is negative, or a side is not a defined value.</exception>
    public static int[][] Pad(
        IReadOnlyList<int[]> sequences,
        int? maxLength = null,
        SequenceSide padding = SequenceSide.Pre,
        SequenceSide truncating = SequenceSide.Pre,
        int value = 0)
    {
        int length = Validate(sequences, maxLength, padding, truncating);
        var rows = new int[sequences.Count][];
        for (int i = 0; i < rows.Length; i++)
        {
            var row = new int[length];
            Place(sequences[i], length, padding, truncating, out int source, out int count, out int target);
            row.AsSpan().Fill(value);
            sequences[i].AsSpan(source, count).CopyTo(row.AsSpan(target, count));
            rows[i] = row;
        }
        return rows;
    }

    /// <summary>
    /// <see cref="Pad"/> with the ids stored as floats in a <see cref="Matrix"/> (rows = sequences,
    /// columns = the padded length, row-major), ready as the input of a network that takes a sequence of
    /// token ids. Ids are converted exactly up to 2^24 in magnitude.
    /// </summary>
    /// <inheritdoc cref="Pad" path="/param"/>
    /// <inheritdoc cref="Pad" path="/exception"/>
    public static Matrix PadToMatrix(
        IReadOnlyList<int[]> sequences,
        int? maxLength = null,
        SequenceSide padding = SequenceSide.Pre,
        SequenceSide truncating = SequenceSide.Pre,
        float value = 0f)
    {
        int length = Validate(sequences, maxLength, padding, truncating);
        var matrix = new Matrix(sequences.Count, length, new float[checked(sequences.Count * length)]);
        for (int i = 0; i < sequences.Count; i++)
        {
            Span<float> row = matrix.Data.AsSpan(i * length, length);
            Place(sequences[i], length, padding, truncating, out int source, out int count, out int target);
            row.Fill(value);
            ReadOnlySpan<int> ids = sequences[i].AsSpan(source, count);
            for (int k = 0; k < ids.Length; k++) row[target + k] = ids[k];
        }
        return matrix;
    }

    private static int Validate(IReadOnlyList<int[]> sequences, int? maxLength, SequenceSide padding, SequenceSide truncating)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        CheckSide(padding, nameof(padding));
        CheckSide(truncating, nameof(truncating));
        int longest = 0;
        for (int i = 0; i < sequences.Count; i++)
        {
            if (sequences[i] is not { } sequence)
                throw new ArgumentException($"Expected an id sequence at index {i}, but found null.", nameof(sequences));
            longest = Math.Max(longest, sequence.Length);
        }

        if (maxLength is int given)
        {
            if (given < 0)
                throw new ArgumentOutOfRangeException(nameof(maxLength), given, $"maxLength must be ≥ 0 (or null for the longest sequence), but was {given}.");
            return given;
        }
        if (sequences.Count == 0)
            throw new ArgumentException("maxLength cannot be inferred from an empty list of sequences; pass it explicitly.", nameof(sequences));
        return longest;
    }

    private static void CheckSide(SequenceSide side, string name)
    {
        if (side is not (SequenceSide.Pre or SequenceSide.Post))
            throw new ArgumentOutOfRangeException(name, side, $"Expected SequenceSide.Pre or SequenceSide.Post (Keras \"pre\" / \"post\"), but found {(int)side}.");
    }

    /// <summary>Which ids of <paramref name="sequence"/> survive and where they land in a row of <paramref name="length"/>.</summary>
    private static void Place(int[] sequence, int length, SequenceSide padding, SequenceSide truncating, out int source, out int count, out int target)
    {
        count = Math.Min(sequence.Length, length);
        source = truncating == SequenceSide.Pre ? sequence.Length - count : 0;
        target = padding == SequenceSide.Pre ? length - count : 0;
    }
}
