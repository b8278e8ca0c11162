namespace Unroll;

/// <summary>
/// The text columns of one <see cref="Csv.Read(string, IEnumerable{string}?, CsvMissing, bool?, char, IReadOnlyDictionary{string, LabelEncoder}?)"/>:
/// which columns hold categories, and their codes. While reading, a new category gets the next
/// provisional code (its order of first appearance); <see cref="Finish"/> renumbers them in sorted
/// order, so only the distinct texts are kept, never a string per row.
/// </summary>
internal sealed class CsvColumns
{
    private const int MaxCategories = 1 << 24; // provisional codes are stored in floats, exact up to 2^24

    private readonly string[] _names;
    private readonly IReadOnlyDictionary<string, LabelEncoder> _fixed;
    private string?[] _columnNames = [];
    private Dictionary<string, int>?[] _codes = [];      // learned columns: text -> provisional code
    private Dictionary<string, int>?[] _fixedCodes = []; // columns with a given encoder: text -> id

    public CsvColumns(IEnumerable<string>? categorical, IReadOnlyDictionary<string, LabelEncoder>? encoders, CsvMissing missing)
    {
        _fixed = encoders ?? new Dictionary<string, LabelEncoder>();
        foreach (var (name, encoder) in _fixed)
        {
            ArgumentNullException.ThrowIfNull(encoder, $"encoders[{name}]");
            if (!encoder.IsFitted) throw new ArgumentException($"The encoder given for column '{name}' is not fitted.", nameof(encoders));
        }
        _names = [.. (categorical ?? []).Concat(_fixed.Keys).Distinct(StringComparer.Ordinal)];
        if (_names.Any(n => n is null)) throw new ArgumentException("A categorical column name is null.", nameof(categorical));
        Missing = missing is CsvMissing.Error or CsvMissing.DropRow
            ? missing : throw new ArgumentOutOfRangeException(nameof(missing), missing, "Expected CsvMissing.Error or CsvMissing.DropRow.");
    }

    public CsvMissing Missing { get; }

    public bool IsResolved { get; private set; }

    /// <summary>Finds the named columns in the header, once the first line is read.</summary>
    public void Resolve(string[]? header, int columns, string source)
    {
        _columnNames = new string?[columns];
        _codes = new Dictionary<string, int>?[columns];
        _fixedCodes = new Dictionary<string, int>?[columns];
        IsResolved = true;
        if (_names.Length == 0) return;
        if (header is null && columns == 0)
            throw new FormatException($"{source} is empty: there is no column {Describe(_names)}.");
        if (header is null)
            throw new FormatException($"{source}: the text columns {Describe(_names)} are named, but the file has no header line (hasHeader: false, or a first line that holds a number); pass hasHeader: true if the first line is the header.");
        foreach (string name in _names)
        {
            int index = Array.IndexOf(header, name);
            if (index < 0)
                throw new FormatException($"{source}: there is no column '{name}'; the columns are {Describe(header)}.");
            if (Array.IndexOf(header, name, index + 1) >= 0)
                throw new FormatException($"{source}: two columns are named '{name}'; a text column must be named once.");
            _columnNames[index] = name;
            if (_fixed.TryGetValue(name, out LabelEncoder? encoder))
            {
                var ids = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int i = 0; i < encoder.Classes.Count; i++) ids.Add(encoder.Classes[i], i);
                _fixedCodes[index] = ids;
            }
            else _codes[index] = new Dictionary<string, int>(StringComparer.Ordinal);
        }
    }

    public bool IsCategorical(int column) => column < _columnNames.Length && _columnNames[column] is not null;

    /// <summary>The (provisional) code of <paramref name="text"/> in <paramref name="column"/>, or null with the problem.</summary>
    public float? Code(int column, string text, out string? problem)
    {
        problem = null;
        if (_fixedCodes[column] is { } ids)
        {
            if (ids.TryGetValue(text, out int id)) return id;
            problem = $"\"{text}\" is not one of the classes of the encoder given for column '{_columnNames[column]}' ({Describe([.. ids.Keys])}).";
            return null;
        }
        Dictionary<string, int> codes = _codes[column]!;
        if (!codes.TryGetValue(text, out int code))
        {
            if (codes.Count == MaxCategories)
            {
                problem = $"column '{_columnNames[column]}' has more than {MaxCategories} distinct values; class ids are floats, exact only up to that.";
                return null;
            }
            codes.Add(text, code = codes.Count);
        }
        return code;
    }

    /// <summary>Renumbers the learned columns of <paramref name="data"/> in sorted order and returns every column's encoder.</summary>
    public IReadOnlyDictionary<string, LabelEncoder> Finish(Matrix data)
    {
        var encoders = new Dictionary<string, LabelEncoder>(StringComparer.Ordinal);
        for (int c = 0; c < _columnNames.Length; c++)
        {
            string? name = _columnNames[c];
            if (name is null) continue;
            if (_fixed.TryGetValue(name, out LabelEncoder? given)) { encoders.Add(name, given); continue; }
            Dictionary<string, int> codes = _codes[c]!;
            var encoder = new LabelEncoder();
            encoders.Add(name, encoder);
            if (codes.Count == 0) continue; // no rows: left unfitted
            encoder.Fit(codes.Keys);
            var sorted = new float[codes.Count];
            for (int id = 0; id < encoder.Classes.Count; id++) sorted[codes[encoder.Classes[id]]] = id;
            float[] values = data.Data;
            for (long at = c; at < values.Length; at += data.Columns) values[at] = sorted[(int)values[at]];
        }
        return encoders;
    }

    private static string Describe(IReadOnlyList<string> names)
        => string.Join(", ", names.Take(10).Select(n => $"'{n}'")) + (names.Count > 10 ? $", … ({names.Count} in all)" : "");
}
