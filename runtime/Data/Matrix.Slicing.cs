namespace Unroll;

public sealed partial class Matrix
{
    /// <summary>
    /// A copy of a block of rows and columns, as NumPy's <c>x[rows, columns]</c>:
    /// <c>data[.., 0..8]</c> is <c>dataset[:, 0:8]</c>, <c>data[^100.., ..]</c> the last 100 rows.
    /// Unlike NumPy's slice it is a new matrix, not a view.
    /// </summary>
    public Matrix this[Range rows, Range columns]
    {
        get
        {
            (int rowStart, int rowCount) = Resolve(rows, Rows, nameof(rows), "rows");
            (int columnStart, int columnCount) = Resolve(columns, Columns, nameof(columns), "columns");
            var data = new float[rowCount * columnCount];
            for (int r = 0; r < rowCount; r++)
                Data.AsSpan((rowStart + r) * Columns + columnStart, columnCount).CopyTo(data.AsSpan(r * columnCount, columnCount));
            return new Matrix(rowCount, columnCount, data);
        }
    }

    /// <summary>
    /// A copy of one column over a range of rows, as NumPy's <c>x[:, 8]</c> (a flat array, the shape
    /// Fit takes labels in). A negative <paramref name="column"/> counts from the end.
    /// </summary>
    public float[] this[Range rows, int column]
    {
        get
        {
            (int rowStart, int rowCount) = Resolve(rows, Rows, nameof(rows), "rows");
            int c = column < 0 ? Columns + column : column;
            if ((uint)c >= (uint)Columns)
                throw new ArgumentOutOfRangeException(nameof(column), column, $"Column {column} is outside a matrix with {Columns} columns; expected {-Columns} to {Columns - 1}.");
            var values = new float[rowCount];
            for (int r = 0; r < rowCount; r++) values[r] = Data[(rowStart + r) * Columns + c];
            return values;
        }
    }

    private static (int Start, int Count) Resolve(Range range, int length, string parameter, string what)
    {
        int start = range.Start.GetOffset(length), end = range.End.GetOffset(length);
        if (start < 0 || end > length || start > end)
            throw new ArgumentOutOfRangeException(parameter, $"The range {range} is outside the {length} {what} of the matrix.");
        return (start, end - start);
    }
}
