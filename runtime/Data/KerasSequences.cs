namespace Unroll;

/// <summary>
/// The steps <c>keras.datasets.imdb</c> and <c>reuters</c> apply to their word-id sequences after
/// shuffling, in Keras's order and with its quirks (a sequence is kept by <c>maxlen</c> only when
/// shorter than it; without <c>num_words</c> the largest id itself falls outside the vocabulary).
/// </summary>
internal static class KerasSequences
{
    /// <summary>Reorders <paramref name="items"/> by <paramref name="order"/> (<c>x[indices]</c>).</summary>
    public static T[] Take<T>(T[] items, int[] order) => [.. order.Select(i => items[i])];

    /// <summary>Prepends <paramref name="startChar"/> (when not null) and adds <paramref name="indexFrom"/> to every id.</summary>
    public static int[][] Offset(int[][] xs, int? startChar, int indexFrom)
        => [.. xs.Select(x => startChar is { } start
            ? [start, .. x.Select(w => checked(w + indexFrom))]
            : x.Select(w => checked(w + indexFrom)).ToArray())];

    /// <summary>Keeps the sequences shorter than <paramref name="maxLen"/>, with their labels (Keras's <c>remove_long_seq</c>).</summary>
    public static (int[][] X, float[] Y) RemoveLong(int maxLen, int[][] xs, float[] ys)
    {
        var keep = Enumerable.Range(0, xs.Length).Where(i => xs[i].Length < maxLen).ToArray();
        return (Take(xs, keep), Take(ys, keep));
    }

    /// <summary>
    /// Replaces ids outside [<paramref name="skipTop"/>, <paramref name="numWords"/>) by
    /// <paramref name="oovChar"/>, or drops them when it is null. Without <paramref name="numWords"/>
    /// the limit is the largest id, as in Keras.
    /// </summary>
    public static int[][] Limit(int[][] xs, int? numWords, int skipTop, int? oovChar)
    {
        int limit = numWords is > 0 ? numWords.Value
            : xs.Where(x => x.Length > 0).Select(x => x.Max()).DefaultIfEmpty(int.MinValue).Max();
        if (limit == int.MinValue) throw new ArgumentException("Every sequence is empty; there are no words to index.");
        return [.. xs.Select(x => oovChar is { } oov
            ? x.Select(w => skipTop <= w && w < limit ? w : oov).ToArray()
            : x.Where(w => skipTop <= w && w < limit).ToArray())];
    }

    /// <summary>The labels as floats (the type Fit takes).</summary>
    public static float[] Labels(NpyArray y, int count, string name)
    {
        if (y.Shape.Count != 1 || y.Count != count)
            throw new InvalidDataException($"{name}: {y.Name} has shape {NpyArray.FormatShape(y.Shape)}; expected ({count},), one label per sequence.");
        return y.ToSingles();
    }

    public static void CheckArguments(int? numWords, int skipTop, int? maxLen, int seed, int indexFrom)
    {
        if (numWords is < 0) throw new ArgumentOutOfRangeException(nameof(numWords), numWords, "Expected null or a number of words ≥ 0.");
        if (skipTop < 0) throw new ArgumentOutOfRangeException(nameof(skipTop), skipTop, "Expected ≥ 0.");
        if (maxLen is < 0) throw new ArgumentOutOfRangeException(nameof(maxLen), maxLen, "Expected null or a length ≥ 0.");
        if (seed < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, "NumPy's RandomState takes seeds in [0, 2^32); expected ≥ 0.");
        if (indexFrom < 0) throw new ArgumentOutOfRangeException(nameof(indexFrom), indexFrom, "Expected ≥ 0.");
    }
}
