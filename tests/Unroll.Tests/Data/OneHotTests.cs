using Unroll;

namespace Unroll.Tests.Data;

public class OneHotTests
{
    [Fact]
    public void Infers_class_count_from_largest_id()
    {
        Matrix m = OneHot.ToCategorical([2f, 0f, 1f, 2f]);

        Assert.Equal(4, m.Rows);
        Assert.Equal(3, m.Columns);
        Assert.Equal(
            [0f, 0f, 1f,
             1f, 0f, 0f,
             0f, 1f, 0f,
             0f, 0f, 1f], m.Data);
    }

    [Fact]
    public void Explicit_class_count_adds_columns()
    {
        Matrix m = OneHot.ToCategorical([1f, 0f], numClasses: 4);

        Assert.Equal(4, m.Columns);
        Assert.Equal([0f, 1f, 0f, 0f, 1f, 0f, 0f, 0f], m.Data);
    }

    [Fact]
    public void Accepts_one_column_matrix()
    {
        Matrix m = OneHot.ToCategorical(new Matrix(3, 1, [1, 1, 0]));

        Assert.Equal(2, m.Columns);
        Assert.Equal([0f, 1f, 0f, 1f, 1f, 0f], m.Data);
        var ex = Assert.Throws<ArgumentException>(() => OneHot.ToCategorical(new Matrix(1, 2, [0, 1])));
        Assert.Contains("2 columns", ex.Message);
    }

    [Theory]
    [InlineData(1.5f, "1.5")]
    [InlineData(-1f, "-1")]
    [InlineData(float.NaN, "NaN")]
    public void Rejects_non_integral_or_negative_ids(float bad, string shown)
    {
        var ex = Assert.Throws<ArgumentException>(() => OneHot.ToCategorical([0f, 1f, bad]));
        Assert.Contains("index 2", ex.Message);
        Assert.Contains(shown, ex.Message);
    }

    [Fact]
    public void Rejects_ids_at_or_above_class_count()
    {
        var ex = Assert.Throws<ArgumentException>(() => OneHot.ToCategorical([0f, 3f], numClasses: 3));
        Assert.Contains("index 1", ex.Message);
        Assert.Contains("3", ex.Message);
    }

    [Fact]
    public void Empty_input()
    {
        Assert.Throws<ArgumentException>(() => OneHot.ToCategorical(ReadOnlySpan<float>.Empty));
        Matrix m = OneHot.ToCategorical(ReadOnlySpan<float>.Empty, numClasses: 2);
        Assert.Equal(0, m.Rows);
        Assert.Equal(2, m.Columns);
    }
}
