namespace Unroll;

/// <summary>Column and row selection on <see cref="Matrix"/>; every method returns new matrices.</summary>
public static class MatrixExtensions
{
    /// <summary>
    /// Splits <paramref name="table"/> into the features (every column but <paramref name="column"/>)
    /// and the labels (that column alone, as a one-column matrix). A negative
    /// <paramref name="column"/> counts from the end, as in Python: -1 is the last column.
    /// </summary>
    public static (Matrix Features, Matrix Labels) SplitLabel(this Matrix table, int column)
    {
        ArgumentNullException.ThrowIfNull(table);
        int label = ResolveColumn(table, column, nameof(column));
        int featureCount = table.Columns - 1;
        var features = new float[table.Rows * featureCount];
        var labels = new float[table.Rows];
        for (int r = 0; r < table.Rows; r++)
        {
            ReadOnlySpan<float> row = table.Row(r);
            Span<float> target = features.AsSpan(r * featureCount, featureCount);
            row[..label].CopyTo(target);
            row[(label + 1)..].CopyTo(target[label..]);
            labels[r] = row[label];
        }
        return (new Matrix(table.Rows, featureCount, features), new Matrix(table.Rows, 1, labels));
    }

    /// <summary>
    /// A new matrix holding <paramref name="columns"/> of <paramref name="table"/>, in the order
    /// given (repeats allowed). Negative indices count from the end: -1 is the last column.
    /// </summary>
    public static Matrix SelectColumns(this Matrix table, params ReadOnlySpan<int> columns)
    {
        ArgumentNullException.ThrowIfNull(table);
        var resolved = new int[columns.Length];
        for (int i = 0; i < columns.Length; i++) resolved[i] = ResolveColumn(table, columns[i], nameof(columns));
        var data = new float[table.Rows * resolved.Length];
        for (int r = 0; r < table.Rows; r++)
        {
            ReadOnlySpan<float> row = table.Row(r);
            for (int i = 0; i < resolved.Length; i++) data[r * resolved.Length + i] = row[resolved[i]];
        }
        return new Matrix(table.Rows, resolved.Length, data);
    }

    /// <summary>
    /// A new matrix holding the rows of <paramref name="table"/> at <paramref name="rows"/>, in
    /// the order given (repeats allowed).
    /// </summary>
    public static Matrix SelectRows(this Matrix table, params ReadOnlySpan<int> rows)
    {
        ArgumentNullException.ThrowIfNull(table);
        var data = new float[rows.Length * table.Columns];
        for (int i = 0; i < rows.Length; i++)
        {
            if ((uint)rows[i] >= (uint)table.Rows)
                throw new ArgumentOutOfRangeException(nameof(rows), rows[i], $"Row index {rows[i]} (at position {i}) is outside a matrix with {table.Rows} rows.");
            table.Row(rows[i]).CopyTo(data.AsSpan(i * table.Columns, table.Columns));
        }
        return new Matrix(rows.Length, table.Columns, data);
    }

    private static int ResolveColumn(Matrix table, int column, string parameter)
    {
        int resolved = column < 0 ? table.Columns + column : column;
        if ((uint)resolved >= (uint)table.Columns)
            throw new ArgumentOutOfRangeException(parameter, column,
                $"Column {column} is outside a matrix with {table.Columns} columns; expected {-table.Columns} to {table.Columns - 1}.");
        return resolved;
    }
}
