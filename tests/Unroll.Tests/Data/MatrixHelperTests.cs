using CsCheck;

namespace Unroll.Tests.Data;

/// <summary>The NumPy lines of the tutorials: slicing, splitting, shuffling, broadcasting arithmetic, column statistics.</summary>
public class MatrixHelperTests
{
    private static readonly Gen<Matrix> Matrices =
        Gen.Select(Gen.Int[1, 12], Gen.Int[1, 9]).SelectMany((r, c) => Gen.Float[-100f, 100f].Array[r * c].Select(d => new Matrix(r, c, d)));

    private static float At(Matrix m, int r, int c) => m.Data[r * m.Columns + c];

    [Fact]
    public void Slicing_copies_the_block_NumPy_would()
    {
        Gen.Select(Matrices, Gen.Int, Gen.Int, Gen.Int, Gen.Int).Sample((m, a, b, c, d) =>
        {
            int r0 = (int)((uint)a % (m.Rows + 1)), r1 = r0 + (int)((uint)b % (m.Rows - r0 + 1));
            int c0 = (int)((uint)c % (m.Columns + 1)), c1 = c0 + (int)((uint)d % (m.Columns - c0 + 1));
            Matrix block = m[r0..r1, c0..c1];
            Assert.Equal((r1 - r0, c1 - c0), (block.Rows, block.Columns));
            for (int r = 0; r < block.Rows; r++)
                for (int col = 0; col < block.Columns; col++)
                    Assert.Equal(At(m, r0 + r, c0 + col), block[r, col]);
            if (c0 < m.Columns)
                Assert.Equal(Enumerable.Range(r0, r1 - r0).Select(r => At(m, r, c0)), m[r0..r1, c0]);
        }, iter: 200);
    }

    [Fact]
    public void The_Pima_lines_read_as_in_Python()
    {
        // X = dataset[:, 0:8]; y = dataset[:, 8]
        var dataset = new Matrix(2, 9, [.. Enumerable.Range(0, 18).Select(i => (float)i)]);
        Matrix x = dataset[.., 0..8];
        float[] y = dataset[.., 8];
        Assert.Equal([0f, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16], x.Data);
        Assert.Equal([8f, 17f], y);
        Assert.Equal([17f], dataset[^1.., 8]);
        Assert.Equal(y, dataset[.., -1]);
        (Matrix inputs, Matrix labels) = dataset.SplitColumns(8);
        Assert.Equal(x.Data, inputs.Data);
        Assert.Equal(y, labels.Data);
        Assert.Equal(x.Data, dataset.SplitColumns(-1).Left.Data);
        Assert.Equal(y, dataset.SplitColumns(-1).Right.Data);
        Assert.Equal(0, dataset.SplitColumns(0).Left.Columns);
        Assert.Equal(0, dataset.SplitColumns(9).Right.Columns);
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.SplitColumns(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset[.., 0..10]);
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset[.., 9]);
    }

    [Fact]
    public void Shuffles_permute_rows_keep_pairs_together_and_repeat_with_a_seed()
    {
        Gen.Select(Matrices, Gen.Int).Sample((m, seed) =>
        {
            Matrix s = m.ShuffleRows(seed);
            Assert.Equal(s.Data, m.ShuffleRows(seed).Data);
            Assert.Equal(Rows(m).Order(), Rows(s).Order());

            float[] ids = [.. Enumerable.Range(0, m.Rows).Select(i => (float)i)];
            (Matrix sx, float[] sy) = DataSplit.Shuffle(m, ids, seed);
            Assert.Equal(s.Data, sx.Data); // the same order as ShuffleRows with that seed
            for (int r = 0; r < m.Rows; r++) Assert.Equal(m.Row((int)sy[r]).ToArray(), sx.Row(r).ToArray());
            (Matrix mx, Matrix my) = DataSplit.Shuffle(m, new Matrix(m.Rows, 1, ids), seed);
            Assert.Equal(sx.Data, mx.Data);
            Assert.Equal(sy, my.Data);
        }, iter: 100);

        static IEnumerable<string> Rows(Matrix m) => Enumerable.Range(0, m.Rows).Select(r => string.Join(",", m.Row(r).ToArray()));
    }

    [Fact]
    public void TrainTestSplit_with_flat_labels_splits_as_the_matrix_form()
    {
        var x = new Matrix(10, 2, [.. Enumerable.Range(0, 20).Select(i => (float)i)]);
        float[] y = [.. Enumerable.Range(0, 10).Select(i => i * 10f)];
        var (trainX, testX, trainY, testY) = DataSplit.TrainTestSplit(x, y, testSize: 0.3f, seed: 4);
        var expected = DataSplit.TrainTestSplit(x, new Matrix(10, 1, y), testSize: 0.3f, seed: 4);
        Assert.Equal(expected.TrainX.Data, trainX.Data);
        Assert.Equal(expected.TestX.Data, testX.Data);
        Assert.Equal(expected.TrainY.Data, trainY);
        Assert.Equal(expected.TestY.Data, testY);
        Assert.Equal(3, testY.Length);
        Assert.Throws<ArgumentException>(() => DataSplit.TrainTestSplit(x, new float[7]));
    }

    [Fact]
    public void Arithmetic_is_element_wise_and_broadcasts_one_value_per_column()
    {
        Gen.Select(Matrices, Gen.Float[-10f, 10f].Where(v => MathF.Abs(v) > 0.01f)).Sample((m, v) =>
        {
            float[] row = [.. Enumerable.Range(0, m.Columns).Select(c => v + c)];
            for (int i = 0; i < m.Data.Length; i++)
            {
                float x = m.Data[i], p = row[i % m.Columns];
                Assert.Equal(x * v, (m * v).Data[i]);
                Assert.Equal(x * v, (v * m).Data[i]);
                Assert.Equal(x / v, (m / v).Data[i]);
                Assert.Equal(x + v, (m + v).Data[i]);
                Assert.Equal(x - v, (m - v).Data[i]);
                Assert.Equal(x * p, (m * row).Data[i]);
                Assert.Equal(x / p, (m / row).Data[i]);
                Assert.Equal(x + p, (m + row).Data[i]);
                Assert.Equal(x - p, (m - row).Data[i]);
            }
        }, iter: 100);
        var two = new Matrix(1, 2, [1f, 2f]);
        Assert.Contains("one value per column (2), but got 3", Assert.Throws<ArgumentException>(() => two - new float[3]).Message);
    }

    [Fact]
    public void Column_statistics_are_NumPy_mean_and_std_and_standardise_like_the_scaler()
    {
        Gen.Select(Gen.Int[2, 30], Gen.Int[1, 6]).SelectMany((r, c) => Gen.Float[-1000f, 1000f].Array[r * c].Select(d => new Matrix(r, c, d))).Sample(m =>
        {
            float[] mean = m.ColumnMeans(), std = m.ColumnStandardDeviations();
            var scaler = new StandardScaler().Fit(m);
            for (int c = 0; c < m.Columns; c++)
            {
                double[] column = [.. Enumerable.Range(0, m.Rows).Select(r => (double)At(m, r, c))];
                double mu = column.Average();
                Assert.Equal((float)mu, mean[c]);
                Assert.Equal((float)Math.Sqrt(column.Average(x => (x - mu) * (x - mu))), std[c]);
                Assert.Equal(scaler.Mean[c], mean[c]);
            }
        }, iter: 100);

        // The regression tutorial: train -= mean; train /= std.
        var data = new Matrix(3, 2, [1f, 10f, 2f, 20f, 3f, 30f]);
        Matrix z = (data - data.ColumnMeans()) / data.ColumnStandardDeviations();
        Assert.Equal([0f, 0f], z.ColumnMeans());
        Assert.All(z.ColumnStandardDeviations(), s => Assert.Equal(1f, s, 1e-6f));
        Assert.Throws<InvalidOperationException>(() => new Matrix(0, 2).ColumnMeans());
    }
}
