namespace Unroll;

/// <summary>
/// Rescales each column linearly onto a feature range, [0, 1] by default (scikit-learn
/// <c>MinMaxScaler</c>): the column minimum maps to the range's min and its maximum to the
/// range's max. A constant column maps to the range's min.
/// </summary>
public sealed class MinMaxScaler
{
    private const string Name = nameof(MinMaxScaler);
    private double[]? _scale, _offset;
    private float[]? _dataMin, _dataMax;

    /// <summary>Creates a scaler onto [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="ArgumentException"><paramref name="min"/> is not below <paramref name="max"/>, or either is not finite.</exception>
    public MinMaxScaler(float min = 0f, float max = 1f)
    {
        if (!float.IsFinite(min) || !float.IsFinite(max) || !(min < max))
            throw new ArgumentException($"The feature range needs finite min < max, but got min = {Format(min)}, max = {Format(max)}.", nameof(min));
        RangeMin = min;
        RangeMax = max;
    }

    /// <summary>The value each column's minimum maps to.</summary>
    public float RangeMin { get; }

    /// <summary>The value each column's maximum maps to.</summary>
    public float RangeMax { get; }

    /// <summary>Whether <see cref="Fit"/> has run.</summary>
    public bool IsFitted => _scale is not null;

    /// <summary>The per-column minimums seen by <see cref="Fit"/>.</summary>
    /// <exception cref="InvalidOperationException">The scaler is not fitted.</exception>
    public IReadOnlyList<float> DataMin => Array.AsReadOnly(ScalerChecks.Fitted(Name, _dataMin));

    /// <summary>The per-column maximums seen by <see cref="Fit"/>.</summary>
    /// <exception cref="InvalidOperationException">The scaler is not fitted.</exception>
    public IReadOnlyList<float> DataMax => Array.AsReadOnly(ScalerChecks.Fitted(Name, _dataMax));

    /// <summary>Learns the minimum and maximum of each column of <paramref name="data"/>.</summary>
    /// <returns>This scaler, for chaining.</returns>
    public MinMaxScaler Fit(Matrix data)
    {
        ScalerChecks.FitInput(Name, data, nameof(data));
        int rows = data.Rows, columns = data.Columns;
        var dataMin = new float[columns];
        var dataMax = new float[columns];
        var scale = new double[columns];
        var offset = new double[columns];
        for (int c = 0; c < columns; c++)
        {
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            for (int r = 0; r < rows; r++)
            {
                float x = data.Data[r * columns + c];
                min = MathF.Min(min, x);
                max = MathF.Max(max, x);
            }
            dataMin[c] = min;
            dataMax[c] = max;
            // As scikit-learn: a zero data range counts as 1, so a constant column lands on RangeMin.
            double range = (double)max - min;
            scale[c] = ((double)RangeMax - RangeMin) / (range == 0 ? 1.0 : range);
            offset[c] = RangeMin - min * scale[c];
        }
        _dataMin = dataMin;
        _dataMax = dataMax;
        _scale = scale;
        _offset = offset;
        return this;
    }

    /// <summary>Returns a new matrix with each column mapped onto the feature range.</summary>
    /// <exception cref="InvalidOperationException">The scaler is not fitted.</exception>
    /// <exception cref="ArgumentException">The column count differs from the one fitted.</exception>
    public Matrix Transform(Matrix data)
    {
        ScalerChecks.TransformInput(Name, IsFitted, _scale?.Length ?? 0, data, nameof(data));
        double[] scale = _scale!, offset = _offset!;
        var result = new float[data.Data.Length];
        for (int i = 0; i < result.Length; i++)
        {
            int c = i % data.Columns;
            result[i] = (float)(data.Data[i] * scale[c] + offset[c]);
        }
        return new Matrix(data.Rows, data.Columns, result);
    }

    /// <summary>Fits on <paramref name="data"/>, then transforms it.</summary>
    public Matrix FitTransform(Matrix data) => Fit(data).Transform(data);

    /// <summary>Undoes <see cref="Transform"/>, mapping the feature range back onto the data range.</summary>
    /// <exception cref="InvalidOperationException">The scaler is not fitted.</exception>
    /// <exception cref="ArgumentException">The column count differs from the one fitted.</exception>
    public Matrix InverseTransform(Matrix data)
    {
        ScalerChecks.TransformInput(Name, IsFitted, _scale?.Length ?? 0, data, nameof(data));
        double[] scale = _scale!, offset = _offset!;
        var result = new float[data.Data.Length];
        for (int i = 0; i < result.Length; i++)
        {
            int c = i % data.Columns;
            result[i] = (float)((data.Data[i] - offset[c]) / scale[c]);
        }
        return new Matrix(data.Rows, data.Columns, result);
    }

    private static string Format(float value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
