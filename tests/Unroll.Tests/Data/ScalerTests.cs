using Unroll;

namespace Unroll.Tests.Data;

public class ScalerTests
{
    // Column 0: 1, 2, 3, 6   -> mean 3, deviations -2 -1 0 3, squares 4 1 0 9 = 14, var 14/4 = 3.5, std √3.5
    // Column 1: 5, 5, 5, 5   -> mean 5, constant: scale stays 1, so every value becomes 0
    // Column 2: -1, 1, -1, 1 -> mean 0, var 1, std 1
    private static Matrix Sample() => new(4, 3,
    [
        1, 5, -1,
        2, 5, 1,
        3, 5, -1,
        6, 5, 1,
    ]);

    [Fact]
    public void StandardScaler_matches_hand_computation()
    {
        var scaler = new StandardScaler();
        Matrix z = scaler.FitTransform(Sample());

        Assert.Equal([3f, 5f, 0f], scaler.Mean);
        Assert.Equal((float)Math.Sqrt(3.5), scaler.Scale[0], 6);
        Assert.Equal(1f, scaler.Scale[1]);
        Assert.Equal(1f, scaler.Scale[2]);

        double s = Math.Sqrt(3.5);
        float[] expected =
        [
            (float)(-2 / s), 0, -1,
            (float)(-1 / s), 0, 1,
            0, 0, -1,
            (float)(3 / s), 0, 1,
        ];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], z.Data[i], 6);
    }

    [Fact]
    public void StandardScaler_constant_column_with_rounding_mean_stays_zero()
    {
        // 0.1f summed three times and divided by 3 is not exactly 0.1f in double, so std would be ~1e-17.
        var scaler = new StandardScaler();
        Matrix z = scaler.FitTransform(new Matrix(3, 1, [0.1f, 0.1f, 0.1f]));

        Assert.Equal(1f, scaler.Scale[0]);
        Assert.All(z.Data, v => Assert.Equal(0f, v, 6));
    }

    [Fact]
    public void StandardScaler_inverse_round_trips()
    {
        var scaler = new StandardScaler();
        Matrix original = Sample();
        Matrix back = scaler.InverseTransform(scaler.FitTransform(original));

        for (int i = 0; i < original.Data.Length; i++) Assert.Equal(original.Data[i], back.Data[i], 5);
    }

    [Fact]
    public void StandardScaler_transforms_new_data_with_fitted_statistics()
    {
        var scaler = new StandardScaler().Fit(Sample());
        Matrix z = scaler.Transform(new Matrix(1, 3, [3 + (float)Math.Sqrt(3.5), 7, 2]));

        Assert.Equal(1f, z[0, 0], 5);
        Assert.Equal(2f, z[0, 1], 6); // (7 − 5) / 1
        Assert.Equal(2f, z[0, 2], 6);
    }

    [Fact]
    public void StandardScaler_does_not_modify_input()
    {
        Matrix input = Sample();
        float[] before = (float[])input.Data.Clone();
        new StandardScaler().FitTransform(input);
        Assert.Equal(before, input.Data);
    }

    [Fact]
    public void MinMaxScaler_matches_hand_computation()
    {
        // Column 0: min 1, max 6, range 5 -> (x − 1) / 5: 0, 0.2, 0.4, 1
        // Column 1: constant 5 -> range min 0
        // Column 2: min −1, max 1 -> (x + 1) / 2: 0, 1, 0, 1
        var scaler = new MinMaxScaler();
        Matrix m = scaler.FitTransform(Sample());

        Assert.Equal([1f, 5f, -1f], scaler.DataMin);
        Assert.Equal([6f, 5f, 1f], scaler.DataMax);
        float[] expected = [0, 0, 0, 0.2f, 0, 1, 0.4f, 0, 0, 1, 0, 1];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], m.Data[i], 6);
    }

    [Fact]
    public void MinMaxScaler_custom_range_and_inverse()
    {
        // Range (−1, 1): column 0 -> −1 + 2 (x − 1) / 5: −1, −0.6, −0.2, 1; constant column -> −1
        var scaler = new MinMaxScaler(-1f, 1f);
        Matrix m = scaler.FitTransform(Sample());

        Assert.Equal(-1f, m[0, 0], 6);
        Assert.Equal(-0.6f, m[1, 0], 6);
        Assert.Equal(-0.2f, m[2, 0], 6);
        Assert.Equal(1f, m[3, 0], 6);
        for (int r = 0; r < 4; r++) Assert.Equal(-1f, m[r, 1], 6);

        Matrix back = scaler.InverseTransform(m);
        Matrix original = Sample();
        for (int i = 0; i < original.Data.Length; i++) Assert.Equal(original.Data[i], back.Data[i], 5);
    }

    [Fact]
    public void MinMaxScaler_rejects_empty_range()
    {
        Assert.Throws<ArgumentException>(() => new MinMaxScaler(1f, 1f));
        Assert.Throws<ArgumentException>(() => new MinMaxScaler(2f, 1f));
    }

    [Fact]
    public void Transform_before_fit_throws()
    {
        Assert.Throws<InvalidOperationException>(() => new StandardScaler().Transform(Sample()));
        Assert.Throws<InvalidOperationException>(() => new StandardScaler().InverseTransform(Sample()));
        Assert.Throws<InvalidOperationException>(() => new StandardScaler().Mean);
        Assert.Throws<InvalidOperationException>(() => new MinMaxScaler().Transform(Sample()));
        Assert.Throws<InvalidOperationException>(() => new MinMaxScaler().DataMin);
    }

    [Fact]
    public void Column_mismatch_names_both_counts()
    {
        var standard = new StandardScaler().Fit(Sample());
        var ex = Assert.Throws<ArgumentException>(() => standard.Transform(new Matrix(1, 2)));
        Assert.Contains("3 columns", ex.Message);
        Assert.Contains("has 2", ex.Message);

        var minMax = new MinMaxScaler().Fit(Sample());
        ex = Assert.Throws<ArgumentException>(() => minMax.InverseTransform(new Matrix(1, 4)));
        Assert.Contains("3 columns", ex.Message);
        Assert.Contains("has 4", ex.Message);
    }

    [Fact]
    public void Fit_rejects_empty_and_non_finite_data()
    {
        Assert.Throws<ArgumentException>(() => new StandardScaler().Fit(new Matrix(0, 3)));
        var ex = Assert.Throws<ArgumentException>(() => new MinMaxScaler().Fit(new Matrix(2, 2, [1, 2, float.NaN, 4])));
        Assert.Contains("row 1, column 0", ex.Message);
    }
}
