namespace Unroll;

/// <summary>
/// Splits samples into train/test folds (scikit-learn's <c>BaseCrossValidator</c>); the folds
/// that <see cref="CrossValidation.Score{TModel}(Func{TModel}, Action{TModel}, Matrix, Matrix, CrossValidator, int, int, string, int)"/> trains on.
/// </summary>
public abstract class CrossValidator
{
    private protected CrossValidator(int nSplits, bool shuffle, int? seed)
    {
        if (nSplits < 2)
            throw new ArgumentOutOfRangeException(nameof(nSplits), nSplits, "k-fold cross-validation needs at least one train/test split: nSplits must be 2 or more.");
        if (!shuffle && seed is not null)
            throw new ArgumentException($"A seed ({seed}) has no effect without shuffle; pass shuffle: true or leave the seed out.", nameof(seed));
        NSplits = nSplits;
        Shuffle = shuffle;
        Seed = seed;
    }

    /// <summary>Number of folds (scikit-learn <c>n_splits</c>).</summary>
    public int NSplits { get; }

    /// <summary>Whether samples are shuffled before they are dealt into folds.</summary>
    public bool Shuffle { get; }

    /// <summary>The shuffle seed: the same seed gives the same folds on every call; null draws a fresh one per call.</summary>
    public int? Seed { get; }

    /// <summary>
    /// The folds for the rows of <paramref name="x"/> with labels <paramref name="y"/> (one row per
    /// sample; a stratified splitter reads the class of each row from <paramref name="y"/>).
    /// </summary>
    public abstract IReadOnlyList<Fold> Split(Matrix x, Matrix y);

    // A generator for one Split call: fixed by the seed, so repeated calls agree.
    private protected SeededRandom NewRandom() => new(Seed is int s ? (ulong)s : SeededRandom.FreshSeed());

    private protected void CheckSampleCount(int samples)
    {
        if (NSplits > samples)
            throw new ArgumentException($"Cannot have {NSplits} splits with only {samples} samples; nSplits must be at most the number of samples.");
    }

    // Train = every row not in the test fold, in increasing order (as scikit-learn's mask does).
    private protected static Fold FoldFromTestMask(ReadOnlySpan<bool> isTest, int[] test)
    {
        var train = new int[isTest.Length - test.Length];
        int t = 0;
        for (int i = 0; i < isTest.Length; i++)
            if (!isTest[i]) train[t++] = i;
        return new Fold(train, test);
    }

    private protected static void CheckRows(Matrix x, Matrix y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rows != y.Rows)
            throw new ArgumentException($"x and y need one row per sample, but x has {x.Rows} rows and y has {y.Rows}.", nameof(y));
    }
}
