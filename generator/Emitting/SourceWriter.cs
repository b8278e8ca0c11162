using System;
using System.Globalization;
using System.Text;

namespace Unroll.Generator.Emitting;

/// <summary>Builds indented C# source: four spaces per level, '\n' line ends, invariant literals.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public void Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
    }

    public void Comment(string text) => Line("// " + text);

    /// <summary>Writes <paramref name="header"/> and an opening brace; disposing closes the block.</summary>
    public IDisposable Block(string header)
    {
        if (header.Length > 0) Line(header);
        Line("{");
        _indent++;
        return new Closer(this);
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
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }

    private sealed class Closer(SourceWriter writer) : IDisposable
    {
        public void Dispose()
        {
            writer._indent--;
            writer.Line("}");
        }
    }
}
