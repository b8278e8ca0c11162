namespace Unroll;

// The same splits for labels held flat (a float[] as the dataset loaders and Matrix[.., column]
// give them), and a paired shuffle (scikit-learn's sklearn.utils.shuffle).
public static partial class DataSplit
{
    /// <summary>
    /// As <see cref="TrainTestSplit(Matrix, Matrix, float, int?, bool)"/> with the labels flat:
    /// <paramref name="y"/> holds the same number of values (usually one) for each row of <paramref name="x"/>.
    /// </summary>
    public static (Matrix TrainX, Matrix TestX, float[] TrainY, float[] TestY) TrainTestSplit(
        Matrix x, float[] y, float testSize = 0.25f, int? seed = null, bool shuffle = true)
    {
        Matrix labels = Rows(x, y);
        var (trainX, testX, trainY, testY) = TrainTestSplit(x, labels, testSize, seed, shuffle);
        return (trainX, testX, trainY.Data, testY.Data);
    }

    /// <summary>
    /// The rows of <paramref name="x"/> and <paramref name="y"/> in one random order fixed by
    /// <paramref name="seed"/> (a fresh one when null), each x row kept with its y row.
    /// </summary>
    public static (Matrix X, Matrix Y) Shuffle(Matrix x, Matrix y, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rows != y.Rows)
            throw new ArgumentException($"x and y need one row per sample, but x has {x.Rows} rows and y has {y.Rows}.", nameof(y));
        int[] order = Permutation(x.Rows, seed);
        return (x.SelectRows(order), y.SelectRows(order));
    }

    /// <summary>As <see cref="Shuffle(Matrix, Matrix, int?)"/> with the labels flat, the same number of values per row.</summary>
    public static (Matrix X, float[] Y) Shuffle(Matrix x, float[] y, int? seed = null)
    {
        (Matrix sx, Matrix sy) = Shuffle(x, Rows(x, y), seed);
        return (sx, sy.Data);
    }

    internal static int[] Permutation(int rows, int? seed)
    {
        var order = new int[rows];
        for (int i = 0; i < rows; i++) order[i] = i;
        new SeededRandom(seed is int s ? (ulong)s : SeededRandom.FreshSeed()).Shuffle(order);
        return order;
    }

    private static Matrix Rows(Matrix x, float[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rows == 0 || y.Length % x.Rows != 0)
            throw new ArgumentException($"y needs the same number of values for each of the {x.Rows} rows of x, but has {y.Length}.", nameof(y));
        return new Matrix(x.Rows, y.Length / x.Rows, y);
    }
}
