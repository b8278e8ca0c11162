namespace Unroll;

/// <summary>
/// Stratified k-fold cross-validation (scikit-learn ≥ 0.22 <c>StratifiedKFold</c>): each fold keeps
/// the class proportions of the whole set as closely as whole samples allow. The class sizes per
/// fold come from dealing the samples, sorted by class, round-robin into the folds; each class's
/// samples then go to the folds in blocks, in the order the samples appear (with shuffle, the
/// fold of each sample within its class is permuted by the seed). Test rows are in increasing order.
/// </summary>
public sealed class StratifiedKFold : CrossValidator
{
    /// <summary>Creates the splitter; <paramref name="seed"/> is only allowed with <paramref name="shuffle"/>.</summary>
    public StratifiedKFold(int nSplits = 5, bool shuffle = false, int? seed = null) : base(nSplits, shuffle, seed) { }

    /// <summary>The folds for samples with these class labels (whole numbers, in any order; equal values are one class).</summary>
    public IReadOnlyList<Fold> Split(ReadOnlySpan<float> classes)
    {
        int samples = classes.Length;
        CheckSampleCount(samples);

        // Classes numbered by first appearance, as scikit-learn encodes them.
        var ids = new Dictionary<float, int>();
        var encoded = new int[samples];
        for (int i = 0; i < samples; i++)
        {
            // As scikit-learn, a non-whole label is a continuous target, not a class: stratify classes, or use KFold.
            if (!float.IsInteger(classes[i]))
                throw new ArgumentException($"StratifiedKFold needs whole-number class labels, but label {i} is {classes[i]}; for a continuous target use KFold.", nameof(classes));
            if (!ids.TryGetValue(classes[i], out int id)) ids.Add(classes[i], id = ids.Count);
            encoded[i] = id;
        }
        int classCount = ids.Count;
        var counts = new int[classCount];
        foreach (int c in encoded) counts[c]++;
        if (counts.All(c => c < NSplits))
            throw new ArgumentException($"nSplits {NSplits} is greater than the number of members of every class (largest class: {counts.Max()}).", nameof(classes));

        // allocation[f, c]: how many of class c fold f tests — the round-robin deal of the class-sorted samples.
        var allocation = new int[NSplits, classCount];
        for (int c = 0, position = 0; c < classCount; c++)
            for (int j = 0; j < counts[c]; j++, position++)
                allocation[position % NSplits, c]++;

        var testFold = new int[samples];
        SeededRandom? random = Shuffle ? NewRandom() : null;
        var rowsOfClass = new int[classCount][];
        for (int c = 0; c < classCount; c++) rowsOfClass[c] = new int[counts[c]];
        var filled = new int[classCount];
        for (int i = 0; i < samples; i++) rowsOfClass[encoded[i]][filled[encoded[i]]++] = i;
        for (int c = 0; c < classCount; c++)
        {
            var foldsForClass = new int[counts[c]];
            for (int f = 0, k = 0; f < NSplits; f++)
                for (int j = 0; j < allocation[f, c]; j++) foldsForClass[k++] = f;
            random?.Shuffle(foldsForClass);
            for (int j = 0; j < foldsForClass.Length; j++) testFold[rowsOfClass[c][j]] = foldsForClass[j];
        }

        var folds = new Fold[NSplits];
        var isTest = new bool[samples];
        for (int f = 0; f < NSplits; f++)
        {
            for (int i = 0; i < samples; i++) isTest[i] = testFold[i] == f;
            int[] test = Enumerable.Range(0, samples).Where(i => isTest[i]).ToArray();
            folds[f] = FoldFromTestMask(isTest, test);
        }
        return folds;
    }

    /// <summary>
    /// The folds for the rows of <paramref name="x"/>. A one-column <paramref name="y"/> holds the
    /// class of each row; a wider one is read as one-hot (the class is the column of the largest value).
    /// </summary>
    public override IReadOnlyList<Fold> Split(Matrix x, Matrix y)
    {
        CheckRows(x, y);
        if (y.Columns == 1) return Split(y.Data);
        var classes = new float[y.Rows];
        for (int r = 0; r < y.Rows; r++)
        {
            Span<float> row = y.Row(r);
            int best = 0;
            for (int c = 1; c < row.Length; c++)
                if (row[c] > row[best]) best = c;
            classes[r] = best;
        }
        return Split(classes);
    }
}
