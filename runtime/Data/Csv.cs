using System.Globalization;
using System.Text;

namespace Unroll;

/// <summary>
/// Reads numeric CSV files into a <see cref="Matrix"/>: every field must be a number in the
/// invariant culture (<c>1.5</c>, <c>-2e3</c>, <c>NaN</c>) that fits in a float (<c>1e39</c> is
/// refused, not read as infinity). Blank lines are skipped; fields may be wrapped in double quotes
/// (<c>""</c> inside quotes is a literal quote). The text is read as a stream, never a line at a
/// time, so memory grows with the values read, not with the length of a line.
/// </summary>
public static class Csv
{
    /// <summary>The longest field read, in characters: no number or column name is longer.</summary>
    public const int MaxFieldLength = 1 << 16;

    /// <summary>
    /// Loads the CSV file at <paramref name="path"/>.
    /// <paramref name="hasHeader"/>: <c>true</c> skips the first line, <c>false</c> reads it as data,
    /// <c>null</c> treats it as a header when none of its fields is a number (a first line with
    /// some numbers and some text is an error that names the first text field, never a header
    /// that would swallow a row of data).
    /// </summary>
    /// <exception cref="FormatException">A field is not a number or does not fit in a float, or a row has the wrong number of fields.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/> (or it is a folder).</exception>
    public static Matrix Load(string path, bool? hasHeader = null, char separator = ',')
        => Load(path, out _, hasHeader, separator);

    /// <summary>
    /// Loads the CSV file at <paramref name="path"/> and returns its column names in
    /// <paramref name="header"/> (<c>null</c> when the file has no header line).
    /// See <see cref="Load(string, bool?, char)"/>.
    /// </summary>
    /// <exception cref="FormatException">A field is not a number or does not fit in a float, or a row has the wrong number of fields.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/> (or it is a folder).</exception>
    public static Matrix Load(string path, out string[]? header, bool? hasHeader = null, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
            throw new FileNotFoundException($"{path} is a folder; expected a CSV file.", path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Parse(reader, Path.GetFileName(path), out header, hasHeader, separator);
    }

    /// <summary>
    /// Parses CSV text from <paramref name="reader"/>; <paramref name="sourceName"/> names the
    /// source in error messages. See <see cref="Load(string, bool?, char)"/>.
    /// </summary>
    /// <exception cref="FormatException">A field is not a number or does not fit in a float, or a row has the wrong number of fields.</exception>
    public static Matrix Parse(TextReader reader, string sourceName, bool? hasHeader = null, char separator = ',')
        => Parse(reader, sourceName, out _, hasHeader, separator);

    /// <summary>
    /// Parses CSV text from <paramref name="reader"/> and returns its column names in
    /// <paramref name="header"/> (<c>null</c> when there is no header line).
    /// See <see cref="Load(string, bool?, char)"/>.
    /// </summary>
    /// <exception cref="FormatException">A field is not a number or does not fit in a float, or a row has the wrong number of fields.</exception>
    public static Matrix Parse(TextReader reader, string sourceName, out string[]? header, bool? hasHeader = null, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        CheckSeparator(separator);
        var parser = new CsvParser(sourceName, hasHeader, separator);
        parser.Read(reader);
        header = parser.Header;
        return parser.ToMatrix();
    }

    /// <summary>
    /// Loads a CSV file whose columns named in <paramref name="categorical"/> hold text categories
    /// (for example <c>Gender</c>, <c>Married</c>): each such column's values become class ids
    /// 0 … n−1 in sorted (ordinal) order, as scikit-learn's <c>LabelEncoder</c> numbers them, and
    /// <see cref="CsvTable.Encoders"/> holds the encoder of each, to map ids back to text. Every
    /// other column must hold numbers, with the same errors as <see cref="Load(string, bool?, char)"/>.
    /// The named columns need a header line (detected, or <paramref name="hasHeader"/>: <c>true</c>).
    /// An empty field is a missing value: an error naming its line and column, or with
    /// <paramref name="missing"/>: <see cref="CsvMissing.DropRow"/> its row is left out (pandas'
    /// <c>dropna()</c>; only empty fields count as missing, <c>NaN</c> in a number column is read as NaN).
    /// <paramref name="encoders"/> encodes columns with encoders learned before (from the training
    /// file), so new data gets the same ids; a value they have not seen is an error.
    /// </summary>
    /// <exception cref="FormatException">A field is not a number where one is expected, a named column is not in the header, a field is empty (with <see cref="CsvMissing.Error"/>), a value is unknown to a given encoder, or a row has the wrong number of fields.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/> (or it is a folder).</exception>
    public static CsvTable Read(
        string path, IEnumerable<string>? categorical = null, CsvMissing missing = CsvMissing.Error, bool? hasHeader = null,
        char separator = ',', IReadOnlyDictionary<string, LabelEncoder>? encoders = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
            throw new FileNotFoundException($"{path} is a folder; expected a CSV file.", path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, Path.GetFileName(path), categorical, missing, hasHeader, separator, encoders);
    }

    /// <summary>
    /// Parses CSV text from <paramref name="reader"/> with text columns; <paramref name="sourceName"/>
    /// names the source in error messages. See <see cref="Read(string, IEnumerable{string}?, CsvMissing, bool?, char, IReadOnlyDictionary{string, LabelEncoder}?)"/>.
    /// </summary>
    /// <exception cref="FormatException">See <see cref="Read(string, IEnumerable{string}?, CsvMissing, bool?, char, IReadOnlyDictionary{string, LabelEncoder}?)"/>.</exception>
    public static CsvTable Read(
        TextReader reader, string sourceName, IEnumerable<string>? categorical = null, CsvMissing missing = CsvMissing.Error,
        bool? hasHeader = null, char separator = ',', IReadOnlyDictionary<string, LabelEncoder>? encoders = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        CheckSeparator(separator);
        var columns = new CsvColumns(categorical, encoders, missing);
        var parser = new CsvParser(sourceName, hasHeader, separator, columns);
        parser.Read(reader);
        if (!columns.IsResolved) columns.Resolve(null, 0, sourceName); // an empty file: the names are still checked
        Matrix data = parser.ToMatrix();
        return new CsvTable(data, parser.Header, columns.Finish(data), parser.DroppedRows);
    }

    private static void CheckSeparator(char separator)
    {
        if (separator is '"' or '\r' or '\n')
            throw new ArgumentException($"The separator cannot be a quote or a line break; got {Printable(separator)}.", nameof(separator));
    }

    private static string Printable(char c) => c switch
    {
        '\r' => "'\\r'",
        '\n' => "'\\n'",
        _ => $"'{c}'",
    };
}
