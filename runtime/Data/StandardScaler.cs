namespace Unroll;

/// <summary>
/// Standardizes each column to zero mean and unit variance (scikit-learn <c>StandardScaler</c>):
/// <c>z = (x − mean) / scale</c>, where scale is the population standard deviation (ddof 0).
/// A constant column keeps scale 1, so it is centred but not blown up.
/// </summary>
public sealed class StandardScaler
{
    private const string Name = nameof(StandardScaler);
    private double[]? _mean, _scale;
    private float[]? _meanView, _scaleView;

    /// <summary>Whether <see cref="Fit"/> has run.</summary>
    public bool IsFitted => _mean is not null;

    /// <summary>The per-column means seen by <see cref="Fit"/>.</summary>
    /// <exception cref="InvalidOperationException">The scaler is not fitted.</exception>
    public IReadOnlyList<float> Mean => Array.AsReadOnly(ScalerChecks.Fitted(Name, _meanView));

    /// <summary>The per-column divisors: the standard deviation, or 1 for a constant column.</summary>
    /// <exception cref="InvalidOperationException">The scaler is not fitted.</exception>
    public IReadOnlyList<float> Scale => Array.AsReadOnly(ScalerChecks.Fitted(Name, _scaleView));

    /// <summary>Learns the mean and standard deviation of each column of <paramref name="data"/>.</summary>
    /// <returns>This scaler, for chaining.</returns>
    public StandardScaler Fit(Matrix data)
    {
        ScalerChecks.FitInput(Name, data, nameof(data));
        int rows = data.Rows, columns = data.Columns;
        var mean = new double[columns];
        var scale = new double[columns];
        for (int c = 0; c < columns; c++)
        {
            // Two passes in double: the one-pass formula loses digits when the mean is large.
            double sum = 0;
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            for (int r = 0; r < rows; r++)
            {
                float x = data.Data[r * columns + c];
                sum += x;
                min = MathF.Min(min, x);
                max = MathF.Max(max, x);
            }
            double m = sum / rows;
            double squares = 0;
            for (int r = 0; r < rows; r++)
            {
                double d = data.Data[r * columns + c] - m;
                squares += d * d;
            }
            double std = Math.Sqrt(squares / rows);
            mean[c] = m;
            // Test constancy on the raw values: rounding in the mean can leave a tiny nonzero std.
            scale[c] = min == max || std == 0 ? 1.0 : std;
        }
        _mean = mean;
        _scale = scale;
        _meanView = Array.ConvertAll(mean, v => (float)v);
        _scaleView = Array.ConvertAll(scale, v => (float)v);
        return this;
    }

    /// <summary>Returns a new matrix with each column standardized: <c>(x − mean) / scale</c>.</summary>
    /// <exception cref="InvalidOperationException">The scaler is not fitted.</exception>
    /// <exception cref="ArgumentException">The column count differs from the one fitted.</exception>
    public Matrix Transform(Matrix data)
    {
        ScalerChecks.TransformInput(Name, IsFitted, _mean?.Length ?? 0, data, nameof(data));
        double[] mean = _mean!, scale = _scale!;
        var result = new float[data.Data.Length];
        for (int i = 0; i < result.Length; i++)
        {
            int c = i % data.Columns;
            result[i] = (float)((data.Data[i] - mean[c]) / scale[c]);
        }
        return new Matrix(data.Rows, data.Columns, result);
    }

    /// <summary>Fits on <paramref name="data"/>, then transforms it.</summary>
    public Matrix FitTransform(Matrix data) => Fit(data).Transform(data);

    /// <summary>Undoes <see cref="Transform"/>: returns a new matrix of <c>z · scale + mean</c>.</summary>
    /// <exception cref="InvalidOperationException">The scaler is not fitted.</exception>
    /// <exception cref="ArgumentException">The column count differs from the one fitted.</exception>
    public Matrix InverseTransform(Matrix data)
    {
        ScalerChecks.TransformInput(Name, IsFitted, _mean?.Length ?? 0, data, nameof(data));
        double[] mean = _mean!, scale = _scale!;
        var result = new float[data.Data.Length];
        for (int i = 0; i < result.Length; i++)
        {
            int c = i % data.Columns;
            result[i] = (float)(data.Data[i] * scale[c] + mean[c]);
        }
        return new Matrix(data.Rows, data.Columns, result);
    }
}
