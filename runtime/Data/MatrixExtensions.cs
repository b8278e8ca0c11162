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

    /// <summary>
    /// Splits the columns at <paramref name="column"/>: the columns before it and the columns from
    /// it on, as a tutorial splits a table into inputs and labels
    /// (<c>X = dataset[:, 0:8]; y = dataset[:, 8:]</c> is <c>var (x, y) = dataset.SplitColumns(8)</c>).
    /// A negative <paramref name="column"/> counts from the end: -1 leaves the last column on the right.
    /// </summary>
    public static (Matrix Left, Matrix Right) SplitColumns(this Matrix table, int column)
    {
        ArgumentNullException.ThrowIfNull(table);
        int split = column < 0 ? table.Columns + column : column;
        if (split < 0 || split > table.Columns)
            throw new ArgumentOutOfRangeException(nameof(column), column,
                $"Cannot split a matrix with {table.Columns} columns at column {column}; expected {-table.Columns} to {table.Columns}.");
        return (table[.., ..split], table[.., split..]);
    }

    /// <summary>
    /// A new matrix with the rows of <paramref name="table"/> in a random order fixed by
    /// <paramref name="seed"/> (a fresh one when null). To shuffle inputs and labels together, use
    /// <see cref="DataSplit.Shuffle(Matrix, Matrix, int?)"/>.
    /// </summary>
    public static Matrix ShuffleRows(this Matrix table, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.SelectRows(DataSplit.Permutation(table.Rows, seed));
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
