namespace Unroll;

/// <summary>
/// K-fold cross-validation (scikit-learn <c>KFold</c>): the samples are dealt into
/// <see cref="CrossValidator.NSplits"/> consecutive folds, the first <c>n % k</c> of them one
/// sample larger; each fold is the test set once. Without shuffle the folds are contiguous and in
/// order; with it the rows are first permuted by the seed.
/// </summary>
public sealed class KFold : CrossValidator
{
    /// <summary>Creates the splitter; <paramref name="seed"/> is only allowed with <paramref name="shuffle"/>.</summary>
    public KFold(int nSplits = 5, bool shuffle = false, int? seed = null) : base(nSplits, shuffle, seed) { }

    /// <summary>The folds of <paramref name="samples"/> rows.</summary>
    public IReadOnlyList<Fold> Split(int samples)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        CheckSampleCount(samples);
        var order = new int[samples];
        for (int i = 0; i < samples; i++) order[i] = i;
        if (Shuffle) NewRandom().Shuffle(order);

        var folds = new Fold[NSplits];
        var isTest = new bool[samples];
        int start = 0;
        for (int f = 0; f < NSplits; f++)
        {
            int size = samples / NSplits + (f < samples % NSplits ? 1 : 0);
            int[] test = order[start..(start + size)];
            Array.Clear(isTest);
            foreach (int row in test) isTest[row] = true;
            folds[f] = FoldFromTestMask(isTest, test);
            start += size;
        }
        return folds;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Fold> Split(Matrix x, Matrix y)
    {
        CheckRows(x, y);
        return Split(x.Rows);
    }
}
