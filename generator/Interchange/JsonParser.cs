using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Unroll.Generator.Interchange;

/// <summary>Reads JSON text (RFC 8259) into <see cref="JsonNode"/>s; throws <see cref="JsonParseException"/> with the offset of the first error.</summary>
internal sealed class JsonParser
{
    private const int MaxDepth = 128;
    private readonly string _text;
    private int _at;

    private JsonParser(string text) => _text = text;

    public static JsonNode Parse(string text)
    {
        var parser = new JsonParser(text);
        JsonNode value = parser.Value(0);
        parser.SkipSpace();
        if (parser._at != text.Length) throw new JsonParseException("text after the JSON value", parser._at);
        return value;
    }

    private JsonNode Value(int depth)
    {
        if (depth > MaxDepth) throw new JsonParseException("nested too deeply", _at);
        SkipSpace();
        if (_at >= _text.Length) throw new JsonParseException("the text ends where a value should be", _at);
        int start = _at;
        switch (_text[_at])
        {
            case '{':
                _at++;
                var members = new List<KeyValuePair<string, JsonNode>>();
                SkipSpace();
                if (Peek('}')) return new JsonObject(start, members);
                do
                {
                    SkipSpace();
                    if (!Peek('"', consume: false)) throw new JsonParseException("expected a quoted key", _at);
                    string key = String();
                    SkipSpace();
                    if (!Peek(':')) throw new JsonParseException("expected ':'", _at);
                    members.Add(new KeyValuePair<string, JsonNode>(key, Value(depth + 1)));
                    SkipSpace();
                } while (Peek(','));
                if (!Peek('}')) throw new JsonParseException("expected ',' or '}'", _at);
                return new JsonObject(start, members);
            case '[':
                _at++;
                var items = new List<JsonNode>();
                SkipSpace();
                if (Peek(']')) return new JsonArray(start, items);
                do
                {
                    items.Add(Value(depth + 1));
                    SkipSpace();
                } while (Peek(','));
                if (!Peek(']')) throw new JsonParseException("expected ',' or ']'", _at);
                return new JsonArray(start, items);
            case '"':
                return new JsonString(start, String());
            case 't': Word("true"); return new JsonBool(start, true);
            case 'f': Word("false"); return new JsonBool(start, false);
            case 'n': Word("null"); return new JsonNull(start);
            // Python's json writes these for non-finite floats; keep them readable.
            case 'N': Word("NaN"); return new JsonNumber(start, double.NaN);
            case 'I': Word("Infinity"); return new JsonNumber(start, double.PositiveInfinity);
            default:
                return Number(start);
        }
    }

    private JsonNumber Number(int start)
    {
        while (_at < _text.Length && "+-0123456789.eE".IndexOf(_text[_at]) >= 0) _at++;
        if (_at == start || !double.TryParse(_text.Substring(start, _at - start), NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            throw new JsonParseException("expected a value", start);
        return new JsonNumber(start, value);
    }

    private string String()
    {
        _at++; // opening quote
        var builder = new StringBuilder();
        while (true)
        {
            if (_at >= _text.Length) throw new JsonParseException("unterminated string", _at);
            char c = _text[_at++];
            if (c == '"') return builder.ToString();
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }
            if (_at >= _text.Length) throw new JsonParseException("unterminated string", _at);
            char e = _text[_at++];
            switch (e)
            {
                case '"': case '\\': case '/': builder.Append(e); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (_at + 4 > _text.Length || !int.TryParse(_text.Substring(_at, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code))
                        throw new JsonParseException("bad \\u escape", _at);
                    builder.Append((char)code);
                    _at += 4;
                    break;
                default: throw new JsonParseException("bad escape", _at - 1);
            }
        }
    }

    private void Word(string word)
    {
        if (string.CompareOrdinal(_text, _at, word, 0, word.Length) != 0) throw new JsonParseException("expected a value", _at);
        _at += word.Length;
    }

    private bool Peek(char c, bool consume = true)
    {
        if (_at < _text.Length && _text[_at] == c)
        {
            if (consume) _at++;
            return true;
        }
        return false;
    }

    private void SkipSpace()
    {
        while (_at < _text.Length && _text[_at] is ' ' or '\t' or '\r' or '\n') _at++;
    }
}

