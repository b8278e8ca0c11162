namespace Unroll;

/// <summary>
/// A dense row-major table of floats: one row per sample. The shape the data helpers produce
/// and the Matrix overloads of Fit, Evaluate and Predict take.
/// </summary>
public sealed partial class Matrix
{
    /// <summary>Wraps <paramref name="data"/> (not copied) as <paramref name="rows"/> × <paramref name="columns"/>.</summary>
    public Matrix(int rows, int columns, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns != data.Length)
            throw new ArgumentException($"A {rows} × {columns} matrix needs {(long)rows * columns} values, but {data.Length} were given.", nameof(data));
        Rows = rows;
        Columns = columns;
        Data = data;
    }

    /// <summary>A zero-filled matrix.</summary>
    public Matrix(int rows, int columns) : this(rows, columns, new float[checked(rows * columns)]) { }

    /// <summary>Number of rows (samples).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (features).</summary>
    public int Columns { get; }

    /// <summary>The values, row-major.</summary>
    public float[] Data { get; }

    /// <summary>The value at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public float this[int row, int column]
    {
        get => Data[Index(row, column)];
        set => Data[Index(row, column)] = value;
    }

    /// <summary>One row as a span over the data.</summary>
    public Span<float> Row(int row)
    {
        if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row), row, $"The matrix has {Rows} rows.");
        return Data.AsSpan(row * Columns, Columns);
    }

    private int Index(int row, int column)
    {
        if ((uint)row >= (uint)Rows || (uint)column >= (uint)Columns)
            throw new ArgumentOutOfRangeException(nameof(row), $"({row}, {column}) is outside a {Rows} × {Columns} matrix.");
        return row * Columns + column;
    }

    /// <inheritdoc/>
    public override string ToString() => $"Matrix({Rows} × {Columns})";
}
