using System.Globalization;

namespace Unroll;

/// <summary>
/// The state machine behind <see cref="Csv"/>: reads characters in blocks and turns each field
/// into a float as soon as it ends. Only the current field (at most <see cref="Csv.MaxFieldLength"/>
/// characters), the first line's names and the values are kept.
/// </summary>
internal sealed class CsvParser(string source, bool? hasHeader, char separator, CsvColumns? textColumns = null)
{
    private const int ChunkLength = 1 << 14; // 64 KB of floats: below the large-object heap

    private readonly List<float[]> _chunks = [];
    private long _count;

    // The current data row's values are added as they are read; a dropped row (a missing cell with
    // CsvMissing.DropRow) is taken back by moving _count to _rowStart. Its text cells wait for the
    // row's end, so a dropped row adds no category.
    private long _rowStart;
    private readonly List<(long At, int Column, string Text)> _rowText = [];
    private bool _rowMissing;

    /// <summary>Rows left out because a cell was empty (<see cref="CsvMissing.DropRow"/>).</summary>
    public int DroppedRows { get; private set; }

    // The first line: its cells' texts while it may be a header, and what it held so far.
    private List<string>? _names = hasHeader == false ? null : [];
    private (int Column, string Text)? _firstText, _firstNumber;

    private char[] _field = new char[64];
    private int _fieldLength;
    private bool _fieldBlank = true; // only whitespace so far: an opening quote may still come
    private bool _quoted, _quoteInQuoted;

    private int _line = 1, _column; // the column of the current field, from 0
    private bool _lineBlank = true; // whitespace only so far: skipped if it stays so
    private int _blankFields;       // fields ended while the line was still blank
    private bool _afterCarriageReturn;
    private int _columns = -1, _columnsLine, _rows;

    public string[]? Header { get; private set; }

    public void Read(TextReader reader)
    {
        var block = new char[1 << 14];
        int n;
        while ((n = reader.Read(block, 0, block.Length)) > 0)
            for (int i = 0; i < n; i++) Take(block[i]);
        EndLine();
    }

    public Matrix ToMatrix()
    {
        int columns = Math.Max(_columns, 0);
        var values = new float[_count];
        for (int i = 0, at = 0; at < values.Length; i++, at += ChunkLength)
            _chunks[i].AsSpan(0, (int)Math.Min(ChunkLength, values.Length - at)).CopyTo(values.AsSpan(at));
        return new Matrix(_rows, columns, values);
    }

    private void Take(char c)
    {
        bool afterCarriageReturn = _afterCarriageReturn;
        _afterCarriageReturn = false;
        if (_quoteInQuoted)
        {
            _quoteInQuoted = false;
            if (c == '"') { Append('"'); return; } // "" inside quotes
            _quoted = false;                       // the closing quote; c is read normally
        }
        if (c is '\r' or '\n')
        {
            if (c == '\n' && afterCarriageReturn) return; // the \n of \r\n
            if (_quoted)
                throw Error($"a quoted field is not closed before the end of the line.");
            EndLine();
            _line++;
            _afterCarriageReturn = c == '\r';
            return;
        }
        if (_quoted)
        {
            if (c == '"') _quoteInQuoted = true;
            else Append(c);
            return;
        }
        if (_lineBlank && !char.IsWhiteSpace(c))
        {
            _lineBlank = false;
            for (int i = 0; i < _blankFields; i++) EndField(blank: true);
            _blankFields = 0;
        }
        if (c == separator)
        {
            if (_lineBlank) _blankFields++;
            else EndField(blank: false);
        }
        else if (c == '"' && _fieldBlank)
        {
            _fieldLength = 0; // whitespace before an opening quote is not part of the value
            _quoted = true;
            _fieldBlank = false;
        }
        else Append(c);
    }

    private void Append(char c)
    {
        if (_fieldLength == _field.Length)
        {
            if (_fieldLength == Csv.MaxFieldLength)
                throw ErrorAt(_column, $"a field is longer than {Csv.MaxFieldLength} characters; no number or column name is.");
            Array.Resize(ref _field, Math.Min(2 * _field.Length, Csv.MaxFieldLength));
        }
        _field[_fieldLength++] = c;
        if (!char.IsWhiteSpace(c)) _fieldBlank = false;
    }

    private void EndLine()
    {
        if (_quoted && !_quoteInQuoted)
            throw Error("a quoted field is not closed before the end of the line.");
        _quoted = _quoteInQuoted = false;
        if (_lineBlank)
        {
            ResetField();
            _blankFields = 0;
            return;
        }
        EndField(blank: false);
        if (_columns < 0)
        {
            // The first non-blank line fixes the width, header or not.
            _columns = _column;
            _columnsLine = _line;
            if (_names is not null) Header = [.. _names];
            _names = null;
            textColumns?.Resolve(Header, _columns, source);
            if (Header is null) CommitRow();
        }
        else
        {
            if (_column != _columns)
                throw Error($"expected {_columns} fields (as on line {_columnsLine}), but found {_column}.");
            CommitRow();
        }
        _column = 0;
        _lineBlank = true;
    }

    private void CommitRow()
    {
        if (_rowMissing)
        {
            _count = _rowStart;
            DroppedRows++;
        }
        else
        {
            foreach (var (at, column, text) in _rowText)
                _chunks[(int)(at / ChunkLength)][at % ChunkLength] =
                    textColumns!.Code(column, text, out string? problem) ?? throw ErrorAt(column, problem!);
            _rows++;
        }
        _rowText.Clear();
        _rowMissing = false;
        _rowStart = _count;
    }

    private void EndField(bool blank)
    {
        ReadOnlySpan<char> text = blank ? [] : _field.AsSpan(0, _fieldLength);
        int column = _column++;
        ResetField();
        if (_columns >= 0)
        {
            if (column < _columns) Cell(text, column);
            return; // a row too long: counted, reported at its end
        }
        FirstLineField(text, column);
    }

    // One cell of a data row: a number, a category's text, or a missing value.
    private void Cell(ReadOnlySpan<char> cell, int column)
    {
        if (textColumns is not null && cell.IsWhiteSpace())
        {
            if (textColumns.Missing == CsvMissing.Error)
                throw ErrorAt(column, "the field is empty (a missing value). Pass missing: CsvMissing.DropRow to leave out rows with an empty field.");
            _rowMissing = true;
            Add(0);
        }
        else if (textColumns is not null && textColumns.IsCategorical(column))
        {
            _rowText.Add((_count, column, cell.Trim().ToString()));
            Add(0); // the category's id, filled in at the row's end
        }
        else Add(ParseNumber(cell, column));
    }

    private void FirstLineField(ReadOnlySpan<char> text, int column)
    {
        if (hasHeader == true)
        {
            _names!.Add(text.Trim().ToString());
            return;
        }
        if (hasHeader == false)
        {
            Cell(text, column);
            return;
        }
        // Auto: a header only when no field is a number; a mix is an error at the first text.
        const string Hint = "A first line is a header only when none of its fields is a number; pass hasHeader: true to skip it as a header anyway.";
        if (TryParse(text, out float value))
        {
            if (_firstText is { } name)
                throw ErrorAt(name.Column, $"expected a number, but found \"{name.Text}\" (column {column + 1} is {Quote(text)}). {Hint}");
            _firstNumber ??= (column, Quote(text));
            _names = null;
            Add(Finite(value, text, column));
        }
        else if (_firstNumber is { } number)
            throw ErrorAt(column, $"expected a number, but found \"{Quote(text)}\" (column {number.Column + 1} is {number.Text}). {Hint}");
        else
        {
            _firstText ??= (column, Quote(text));
            _names!.Add(text.Trim().ToString());
        }
    }

    private float ParseNumber(ReadOnlySpan<char> text, int column)
        => TryParse(text, out float value)
            ? Finite(value, text, column)
            : throw ErrorAt(column, $"expected a number, but found \"{Quote(text)}\".");

    // float.Parse rounds a literal beyond the float range to infinity; only "Infinity" itself may be one.
    private float Finite(float value, ReadOnlySpan<char> text, int column)
        => float.IsInfinity(value) && text.IndexOfAnyInRange('0', '9') >= 0
            ? throw ErrorAt(column, $"{Quote(text).Trim()} is beyond the float range (±{float.MaxValue.ToString(CultureInfo.InvariantCulture)}).")
            : value;

    private void Add(float value)
    {
        int chunk = (int)(_count / ChunkLength);
        if (chunk == _chunks.Count) // a dropped row may leave a chunk allocated ahead
        {
            if (_count + ChunkLength > Array.MaxLength)
                throw Error($"more than {Array.MaxLength} values; a matrix holds at most that many.");
            _chunks.Add(new float[ChunkLength]);
        }
        _chunks[chunk][_count % ChunkLength] = value;
        _count++;
    }

    private void ResetField()
    {
        _fieldLength = 0;
        _fieldBlank = true;
    }

    private static bool TryParse(ReadOnlySpan<char> field, out float value)
        => float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static string Quote(ReadOnlySpan<char> text) => text.Length <= 60 ? text.ToString() : string.Concat(text[..57], "...");

    internal FormatException Error(string problem) => new($"{source}, line {_line}: {problem}");

    internal FormatException ErrorAt(int column, string problem) => new($"{source}, line {_line}, column {column + 1}: {problem}");
}
