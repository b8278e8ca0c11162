using Unroll;

namespace Unroll.Tests.Data;

public class TrainTestSplitTests
{
    // Row i of x is (i, 100 + i) and row i of y is 1000 + i, so pairs can be checked after shuffling.
    private static (Matrix X, Matrix Y) Numbered(int rows)
    {
        var x = new Matrix(rows, 2);
        var y = new Matrix(rows, 1);
        for (int i = 0; i < rows; i++)
        {
            x[i, 0] = i;
            x[i, 1] = 100 + i;
            y[i, 0] = 1000 + i;
        }
        return (x, y);
    }

    [Theory]
    [InlineData(10, 0.25f, 7, 3)] // ceil(2.5) = 3 test rows
    [InlineData(10, 0.1f, 9, 1)]  // exactly 1, not ceil(1.0000000149) = 2
    [InlineData(10, 0.3f, 7, 3)]
    [InlineData(768, 0.2f, 614, 154)] // ceil(153.6) = 154
    [InlineData(3, 0.5f, 1, 2)]
    public void SizesFollowScikitLearn(int rows, float testSize, int train, int test)
    {
        var (x, y) = Numbered(rows);
        var (trainX, testX, trainY, testY) = DataSplit.TrainTestSplit(x, y, testSize, seed: 1);

        Assert.Equal(train, trainX.Rows);
        Assert.Equal(train, trainY.Rows);
        Assert.Equal(test, testX.Rows);
        Assert.Equal(test, testY.Rows);
        Assert.Equal(2, trainX.Columns);
        Assert.Equal(1, testY.Columns);
    }

    [Fact]
    public void Rows_stay_paired_and_appear_exactly_once()
    {
        var (x, y) = Numbered(50);
        var (trainX, testX, trainY, testY) = DataSplit.TrainTestSplit(x, y, 0.2f, seed: 42);

        var seen = new List<int>();
        foreach (var (px, py) in new[] { (trainX, trainY), (testX, testY) })
        {
            for (int r = 0; r < px.Rows; r++)
            {
                int id = (int)px[r, 0];
                Assert.Equal(100 + id, px[r, 1]);
                Assert.Equal(1000 + id, py[r, 0]);
                seen.Add(id);
            }
        }
        seen.Sort();
        Assert.Equal(Enumerable.Range(0, 50), seen);
    }

    [Fact]
    public void Shuffles_and_same_seed_gives_same_split()
    {
        var (x, y) = Numbered(40);
        var a = DataSplit.TrainTestSplit(x, y, seed: 7);
        var b = DataSplit.TrainTestSplit(x, y, seed: 7);
        var c = DataSplit.TrainTestSplit(x, y, seed: 8);

        Assert.Equal(a.TrainX.Data, b.TrainX.Data);
        Assert.Equal(a.TestY.Data, b.TestY.Data);
        Assert.NotEqual(a.TrainX.Data, c.TrainX.Data);
        // The training part is not the first 30 rows in order.
        Assert.NotEqual(Enumerable.Range(0, 30).Select(i => (float)i), a.TrainX.SelectColumns(0).Data);
    }

    [Fact]
    public void Without_shuffle_train_is_the_head_and_test_the_tail()
    {
        var (x, y) = Numbered(8);
        var (trainX, testX, trainY, testY) = DataSplit.TrainTestSplit(x, y, 0.25f, shuffle: false);

        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], trainX.SelectColumns(0).Data);
        Assert.Equal([6f, 7f], testX.SelectColumns(0).Data);
        Assert.Equal([1006f, 1007f], testY.Data);
        Assert.Equal(6, trainY.Rows);
    }

    [Fact]
    public void Rejects_mismatched_row_counts()
    {
        var (x, _) = Numbered(5);
        var ex = Assert.Throws<ArgumentException>(() => DataSplit.TrainTestSplit(x, new Matrix(4, 1)));
        Assert.Contains("5 rows", ex.Message);
        Assert.Contains("4", ex.Message);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    [InlineData(-0.5f)]
    [InlineData(float.NaN)]
    public void Rejects_test_size_outside_open_unit_interval(float testSize)
    {
        var (x, y) = Numbered(5);
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.TrainTestSplit(x, y, testSize));
    }

    [Fact]
    public void Rejects_splits_with_an_empty_part()
    {
        var (x, y) = Numbered(1);
        var ex = Assert.Throws<ArgumentException>(() => DataSplit.TrainTestSplit(x, y, 0.5f));
        Assert.Contains("0 for training", ex.Message);
    }
}
