using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Unroll.Generator.Emitting;

/// <summary>Builds indented C# source: four spaces per level, '\n' line ends, invariant literals.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private readonly int _budget;
    private int _indent;

    /// <param name="budget">Characters past which writing stops with <see cref="SourceBudgetExceededException"/>, so an oversized network is refused without first building all of its source.</param>
    public SourceWriter(int budget = int.MaxValue) => _budget = budget;

    /// <summary>
    /// Writes one line. A line break inside it can only come from user text (a file or layer name in a
    /// comment): it would end the comment and turn the rest into code, so it is written as an escape.
    /// </summary>
    public void Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line.IndexOfAny(LineBreaks) < 0 ? line : EscapeLineBreaks(line));
        _text.Append('\n');
        if (_text.Length > _budget) throw new SourceBudgetExceededException();
    }

    /// <summary>Every character C# ends a line at (a // comment, a #region text).</summary>
    private static readonly char[] LineBreaks = ['\r', '\n', '\u0085', '\u2028', '\u2029'];

    private static string EscapeLineBreaks(string text)
    {
        var escaped = new StringBuilder();
        foreach (char c in text)
            escaped.Append(Array.IndexOf(LineBreaks, c) < 0 ? c.ToString() : "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture));
        return escaped.ToString();
    }

    /// <summary>Text for an XML doc comment: &amp;, &lt; and &gt; escaped.</summary>
    public static string XmlText(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    public void Comment(string text) => Line("// " + text);

    /// <summary>Writes <paramref name="header"/> and an opening brace; disposing closes the block.</summary>
    public IDisposable Block(string header)
    {
        if (header.Length > 0) Line(header);
        Line("{");
        _indent++;
        return new Closer(this);
    }

    /// <summary>Characters written so far: a mark for <see cref="Cut"/>.</summary>
    public int Length => _text.Length;

    /// <summary>Removes and returns what was written since <paramref name="start"/> (a <see cref="Length"/>), to be compared before it is written back with <see cref="Raw"/>.</summary>
    public string Cut(int start)
    {
        string text = _text.ToString(start, _text.Length - start);
        _text.Length = start;
        return text;
    }

    /// <summary>Writes text this writer produced (whole lines, indented as they were) as it is.</summary>
    public void Raw(string text)
    {
        _text.Append(text);
        if (_text.Length > _budget) throw new SourceBudgetExceededException();
    }

    public void Indent() => _indent++;

    public void Outdent() => _indent--;

    public override string ToString() => _text.ToString();

    /// <summary>A float literal that round-trips and never depends on the culture: <c>1E-07f</c>.</summary>
    public static string Literal(float value) => value.ToString("R", CultureInfo.InvariantCulture) + "f";

    /// <summary>A C# string literal.</summary>
    public static string Literal(string value)
    {
        var text = new StringBuilder("\"");
        foreach (char c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                // Other control characters and the Unicode line breaks: as escapes, so no character of
                // user text (a file name) can end the literal's line.
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }

    /// <summary>
    /// <c>declaration = value;</c> for a string constant made of <paramref name="pieces"/> (concatenated):
    /// one piece with line breaks as a multi-line raw string literal, each other piece on a line of its
    /// own as a raw literal, so long text reads as it is. A piece a raw literal cannot hold (control
    /// characters, a Unicode line break, quotes at its ends) is an ordinary escaped literal instead.
    /// </summary>
    public void ConstString(string declaration, IReadOnlyList<string> pieces)
    {
        if (pieces.Count == 1 && pieces[0].IndexOf('\n') >= 0 && RawDelimiter(pieces[0], multiLine: true) is { } delimiter)
        {
            Line(declaration + " = " + delimiter);
            _indent++;
            foreach (string line in pieces[0].Split('\n')) Line(line);
            Line(delimiter + ";");
            _indent--;
            return;
        }
        Line(declaration + " =");
        _indent++;
        for (int i = 0; i < pieces.Count; i++)
        {
            string literal = RawDelimiter(pieces[i], multiLine: false) is { } quotes ? quotes + pieces[i] + quotes : Literal(pieces[i]);
            Line(literal + (i == pieces.Count - 1 ? ";" : " +"));
        }
        _indent--;
    }

    /// <summary>The quotes that delimit <paramref name="text"/> as a raw string literal (one more than its longest run of quotes, at least three), or null when it cannot be one.</summary>
    private static string? RawDelimiter(string text, bool multiLine)
    {
        if (text.Length == 0 || (!multiLine && (text[0] == '"' || text[text.Length - 1] == '"'))) return null;
        int longest = 0, run = 0;
        foreach (char c in text)
        {
            if (c == '"') longest = Math.Max(longest, ++run);
            else run = 0;
            if ((char.IsControl(c) && !(multiLine && c == '\n')) || c is '\u0085' or '\u2028' or '\u2029') return null;
        }
        return new string('"', Math.Max(3, longest + 1));
    }

    /// <summary>Thrown when the source passes the writer's budget.</summary>
    public sealed class SourceBudgetExceededException() : Exception("the generated source passed its budget");

    private sealed class Closer(SourceWriter writer) : IDisposable
    {
        public void Dispose()
        {
            writer._indent--;
            writer.Line("}");
        }
    }
}
