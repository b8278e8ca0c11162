using System.Numerics.Tensors;

namespace Unroll;

// NumPy-style arithmetic for the preprocessing lines of the tutorials: x / 255f, and
// (x - mean) / std with one value per column broadcast down the rows. Each returns a new matrix.
public sealed partial class Matrix
{
    /// <summary>Every value times <paramref name="factor"/>.</summary>
    public static Matrix operator *(Matrix m, float factor) => Map(m, factor, static (x, v, d) => TensorPrimitives.Multiply(x, v, d));

    /// <summary>Every value times <paramref name="factor"/>.</summary>
    public static Matrix operator *(float factor, Matrix m) => m * factor;

    /// <summary>Every value divided by <paramref name="divisor"/>.</summary>
    public static Matrix operator /(Matrix m, float divisor) => Map(m, divisor, static (x, v, d) => TensorPrimitives.Divide(x, v, d));

    /// <summary>Every value plus <paramref name="shift"/>.</summary>
    public static Matrix operator +(Matrix m, float shift) => Map(m, shift, static (x, v, d) => TensorPrimitives.Add(x, v, d));

    /// <summary>Every value minus <paramref name="shift"/>.</summary>
    public static Matrix operator -(Matrix m, float shift) => Map(m, shift, static (x, v, d) => TensorPrimitives.Subtract(x, v, d));

    /// <summary>Each column times its value in <paramref name="perColumn"/> (one per column, as NumPy broadcasts a row).</summary>
    public static Matrix operator *(Matrix m, float[] perColumn) => MapRows(m, perColumn, static (x, v, d) => TensorPrimitives.Multiply(x, v, d));

    /// <summary>Each column divided by its value in <paramref name="perColumn"/>.</summary>
    public static Matrix operator /(Matrix m, float[] perColumn) => MapRows(m, perColumn, static (x, v, d) => TensorPrimitives.Divide(x, v, d));

    /// <summary>Each column plus its value in <paramref name="perColumn"/>.</summary>
    public static Matrix operator +(Matrix m, float[] perColumn) => MapRows(m, perColumn, static (x, v, d) => TensorPrimitives.Add(x, v, d));

    /// <summary>Each column minus its value in <paramref name="perColumn"/>: <c>x - x.ColumnMeans()</c> centres the columns.</summary>
    public static Matrix operator -(Matrix m, float[] perColumn) => MapRows(m, perColumn, static (x, v, d) => TensorPrimitives.Subtract(x, v, d));

    /// <summary>The mean of each column (NumPy <c>x.mean(axis=0)</c>), summed in double.</summary>
    public float[] ColumnMeans()
    {
        double[] means = ColumnMeansExact();
        return Array.ConvertAll(means, v => (float)v);
    }

    /// <summary>
    /// The population standard deviation of each column (NumPy <c>x.std(axis=0)</c>, ddof 0),
    /// by two passes in double.
    /// </summary>
    public float[] ColumnStandardDeviations()
    {
        double[] means = ColumnMeansExact();
        var squares = new double[Columns];
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
            {
                double d = Data[r * Columns + c] - means[c];
                squares[c] += d * d;
            }
        return Array.ConvertAll(squares, s => (float)Math.Sqrt(s / Rows));
    }

    private double[] ColumnMeansExact()
    {
        if (Rows == 0) throw new InvalidOperationException("A matrix with no rows has no column statistics.");
        var sums = new double[Columns];
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++) sums[c] += Data[r * Columns + c];
        for (int c = 0; c < Columns; c++) sums[c] /= Rows;
        return sums;
    }

    private delegate void ScalarOperation(ReadOnlySpan<float> x, float value, Span<float> destination);

    private delegate void RowOperation(ReadOnlySpan<float> x, ReadOnlySpan<float> row, Span<float> destination);

    private static Matrix Map(Matrix m, float value, ScalarOperation operation)
    {
        ArgumentNullException.ThrowIfNull(m);
        var result = new float[m.Data.Length];
        operation(m.Data, value, result);
        return new Matrix(m.Rows, m.Columns, result);
    }

    private static Matrix MapRows(Matrix m, float[] perColumn, RowOperation operation)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(perColumn);
        if (perColumn.Length != m.Columns)
            throw new ArgumentException($"Expected one value per column ({m.Columns}), but got {perColumn.Length}.", nameof(perColumn));
        var result = new float[m.Data.Length];
        for (int r = 0; r < m.Rows; r++)
            operation(m.Data.AsSpan(r * m.Columns, m.Columns), perColumn, result.AsSpan(r * m.Columns, m.Columns));
        return new Matrix(m.Rows, m.Columns, result);
    }
}
