namespace Unroll;

/// <summary>
/// What <see cref="Csv.Read(string, IEnumerable{string}?, CsvMissing, bool?, char, IReadOnlyDictionary{string, LabelEncoder}?)"/>
/// returns: the values, every text column already turned into class ids, and the encoder of each
/// text column, to map ids back to text or to encode new data the same way.
/// </summary>
public sealed class CsvTable
{
    internal CsvTable(Matrix data, string[]? header, IReadOnlyDictionary<string, LabelEncoder> encoders, int droppedRows)
    {
        Data = data;
        Header = header;
        Encoders = encoders;
        DroppedRows = droppedRows;
    }

    /// <summary>One row per kept line, one column per field; a text column holds class ids 0 … n−1.</summary>
    public Matrix Data { get; }

    /// <summary>The column names, or null when the file has no header line.</summary>
    public string[]? Header { get; }

    /// <summary>The encoder of each text column, by column name (ids sorted by ordinal text order, as scikit-learn's <c>LabelEncoder</c>).</summary>
    public IReadOnlyDictionary<string, LabelEncoder> Encoders { get; }

    /// <summary>Rows left out for an empty field (<see cref="CsvMissing.DropRow"/>).</summary>
    public int DroppedRows { get; }

    /// <summary>The index of the column named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No column has that name, or the file has no header.</exception>
    public int ColumnIndex(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int index = Header is null ? -1 : Array.IndexOf(Header, name);
        return index >= 0 ? index
            : throw new KeyNotFoundException(Header is null
                ? $"There is no column '{name}': the file has no header line."
                : $"There is no column '{name}'; the columns are {string.Join(", ", Header.Select(h => $"'{h}'"))}.");
    }
}
