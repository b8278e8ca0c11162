namespace Unroll;

/// <summary>Splitting samples into training and test sets (scikit-learn <c>train_test_split</c>).</summary>
public static partial class DataSplit
{
    /// <summary>
    /// Splits the rows of <paramref name="x"/> and <paramref name="y"/> into a training and a test
    /// part, keeping each x row with its y row. The test part has
    /// <c>ceil(testSize · rows)</c> rows and the training part the rest. With
    /// <paramref name="shuffle"/>, rows are drawn in a random order fixed by <paramref name="seed"/>
    /// (a fresh one when null); without it, the training rows come first and the test rows last.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testSize"/> is not in (0, 1).</exception>
    /// <exception cref="ArgumentException">The row counts differ, or a part would be empty.</exception>
    public static (Matrix TrainX, Matrix TestX, Matrix TrainY, Matrix TestY) TrainTestSplit(
        Matrix x, Matrix y, float testSize = 0.25f, int? seed = null, bool shuffle = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (!(testSize > 0f && testSize < 1f))
            throw new ArgumentOutOfRangeException(nameof(testSize), testSize, "testSize is the test fraction and must be in (0, 1).");
        if (x.Rows != y.Rows)
            throw new ArgumentException($"x and y need one row per sample, but x has {x.Rows} rows and y has {y.Rows}.", nameof(y));

        int rows = x.Rows;
        // Decimal keeps 0.1f meaning 0.1: in double, 0.1f · 10 is just above 1 and would round up to 2.
        int testRows = (int)Math.Ceiling((decimal)testSize * rows);
        int trainRows = rows - testRows;
        if (trainRows == 0 || testRows == 0)
            throw new ArgumentException(
                $"testSize {testSize} of {rows} samples leaves {trainRows} for training and {testRows} for testing; both must be at least 1.", nameof(testSize));

        var order = new int[rows];
        for (int i = 0; i < rows; i++) order[i] = i;
        if (shuffle)
            new SeededRandom(seed is int s ? (ulong)s : SeededRandom.FreshSeed()).Shuffle(order);

        ReadOnlySpan<int> train = order.AsSpan(0, trainRows), test = order.AsSpan(trainRows);
        return (x.SelectRows(train), x.SelectRows(test), y.SelectRows(train), y.SelectRows(test));
    }
}
