using System.Globalization;

namespace Unroll.Tests.Hostile;

/// <summary>
/// The CSV rules of <see cref="Csv"/> for text without quotes, written the plain way (split into
/// lines, split into fields), as the oracle of the CSV fuzz test. Null means the text is refused.
/// </summary>
internal static class CsvReference
{
    public sealed record Table(string[]? Header, int Rows, int Columns, float[] Values);

    public static Table? Parse(string text, bool? hasHeader)
    {
        string[][] rows = [.. text.Split(["\r\n", "\r", "\n"], StringSplitOptions.None)
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => line.Split(','))];
        if (rows.Length == 0) return new Table(null, 0, 0, []);
        if (rows.Any(r => r.Any(f => f.Length > Csv.MaxFieldLength))) return null;
        int columns = rows[0].Length;
        string[]? header = null;
        bool firstIsHeader = hasHeader ?? rows[0].All(f => !IsNumber(f));
        if (firstIsHeader) header = [.. rows[0].Select(f => f.Trim())];
        var values = new List<float>();
        foreach (string[] row in rows.Skip(firstIsHeader ? 1 : 0))
        {
            if (row.Length != columns) return null;
            foreach (string field in row)
            {
                if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out float value)) return null;
                if (float.IsInfinity(value) && field.Any(char.IsAsciiDigit)) return null; // beyond the float range
                values.Add(value);
            }
        }
        return new Table(header, rows.Length - (firstIsHeader ? 1 : 0), columns, [.. values]);
    }

    private static bool IsNumber(string field) => float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
