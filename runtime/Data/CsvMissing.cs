namespace Unroll;

/// <summary>What <see cref="Csv.Read(string, IEnumerable{string}?, CsvMissing, bool?, char, IReadOnlyDictionary{string, LabelEncoder}?)"/> does with an empty field (a missing value).</summary>
public enum CsvMissing
{
    /// <summary>An empty field is an error that names its line and column.</summary>
    Error,

    /// <summary>A row with an empty field is left out, as pandas' <c>dropna()</c> after <c>read_csv</c> does; <see cref="CsvTable.DroppedRows"/> counts them.</summary>
    DropRow,
}
