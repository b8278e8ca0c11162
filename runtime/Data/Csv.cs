using System.Globalization;
using System.Text;

namespace Unroll;

/// <summary>
/// Reads numeric CSV files into a <see cref="Matrix"/>: every field must be a number in the
/// invariant culture (<c>1.5</c>, <c>-2e3</c>, <c>NaN</c>). Blank lines are skipped; fields may
/// be wrapped in double quotes (<c>""</c> inside quotes is a literal quote).
/// </summary>
public static class Csv
{
    /// <summary>
    /// Loads the CSV file at <paramref name="path"/>.
    /// <paramref name="hasHeader"/>: <c>true</c> skips the first line, <c>false</c> reads it as data,
    /// <c>null</c> treats it as a header when any of its fields is not a number.
    /// </summary>
    /// <exception cref="FormatException">A field is not a number, or a row has the wrong number of fields.</exception>
    public static Matrix Load(string path, bool? hasHeader = null, char separator = ',')
        => Load(path, out _, hasHeader, separator);

    /// <summary>
    /// Loads the CSV file at <paramref name="path"/> and returns its column names in
    /// <paramref name="header"/> (<c>null</c> when the file has no header line).
    /// See <see cref="Load(string, bool?, char)"/>.
    /// </summary>
    /// <exception cref="FormatException">A field is not a number, or a row has the wrong number of fields.</exception>
    public static Matrix Load(string path, out string[]? header, bool? hasHeader = null, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Parse(reader, Path.GetFileName(path), out header, hasHeader, separator);
    }

    /// <summary>
    /// Parses CSV text from <paramref name="reader"/>; <paramref name="sourceName"/> names the
    /// source in error messages. See <see cref="Load(string, bool?, char)"/>.
    /// </summary>
    /// <exception cref="FormatException">A field is not a number, or a row has the wrong number of fields.</exception>
    public static Matrix Parse(TextReader reader, string sourceName, bool? hasHeader = null, char separator = ',')
        => Parse(reader, sourceName, out _, hasHeader, separator);

    /// <summary>
    /// Parses CSV text from <paramref name="reader"/> and returns its column names in
    /// <paramref name="header"/> (<c>null</c> when there is no header line).
    /// See <see cref="Load(string, bool?, char)"/>.
    /// </summary>
    /// <exception cref="FormatException">A field is not a number, or a row has the wrong number of fields.</exception>
    public static Matrix Parse(TextReader reader, string sourceName, out string[]? header, bool? hasHeader = null, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (separator is '"' or '\r' or '\n')
            throw new ArgumentException($"The separator cannot be a quote or a line break; got {Printable(separator)}.", nameof(separator));

        header = null;
        var values = new List<float>();
        int columns = -1, columnsLine = 0, rows = 0, lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            List<string> fields = Split(line, separator, sourceName, lineNumber);

            if (columns < 0)
            {
                // The first non-blank line fixes the width, header or not.
                columns = fields.Count;
                columnsLine = lineNumber;
                bool isHeader = hasHeader ?? fields.Exists(f => !TryParse(f, out _));
                if (isHeader)
                {
                    header = [.. fields.Select(f => f.Trim())];
                    continue;
                }
            }
            else if (fields.Count != columns)
            {
                throw new FormatException(
                    $"{sourceName}, line {lineNumber}: expected {columns} fields (as on line {columnsLine}), but found {fields.Count}.");
            }

            for (int c = 0; c < fields.Count; c++)
            {
                if (!TryParse(fields[c], out float value))
                    throw new FormatException(
                        $"{sourceName}, line {lineNumber}, column {c + 1}: expected a number, but found \"{fields[c]}\".");
                values.Add(value);
            }
            rows++;
        }
        return new Matrix(rows, Math.Max(columns, 0), [.. values]);
    }

    private static bool TryParse(string field, out float value)
        => float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    // Splits one line; quotes let a header name hold the separator.
    private static List<string> Split(string line, char separator, string sourceName, int lineNumber)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch != '"') field.Append(ch);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (ch == '"' && field.ToString().Trim().Length == 0)
            {
                field.Clear(); // whitespace before an opening quote is not part of the value
                quoted = true;
            }
            else if (ch == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else field.Append(ch);
        }
        if (quoted)
            throw new FormatException($"{sourceName}, line {lineNumber}: a quoted field is not closed before the end of the line.");
        fields.Add(field.ToString());
        return fields;
    }

    private static string Printable(char c) => c switch
    {
        '\r' => "'\\r'",
        '\n' => "'\\n'",
        _ => $"'{c}'",
    };
}
