using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Unroll;

/// <summary>
/// Reads NumPy <c>.npy</c> arrays (format versions 1.0–3.0): numeric dtypes (bool, signed and
/// unsigned integers of 1–8 bytes, float32, float64, either byte order) in C order, and object
/// arrays of integer lists through <see cref="PickledSequences"/>, a restricted unpickler that
/// accepts only what NumPy writes for such an array and never runs code. Anything else (structured
/// dtypes, Fortran order, other objects) is an <see cref="InvalidDataException"/> that says what was found.
/// </summary>
public static class Npy
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const int MaxHeaderLength = 1 << 16;

    /// <summary>Reads the <c>.npy</c> file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a .npy array this reader supports.</exception>
    public static NpyArray Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path));
    }

    /// <summary>Reads one array from <paramref name="stream"/>; <paramref name="name"/> names it in messages.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a .npy array this reader supports.</exception>
    public static NpyArray Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> preamble = stackalloc byte[8];
        ReadExactly(stream, preamble, name, "the magic string");
        if (!preamble[..6].SequenceEqual(Magic))
            throw new InvalidDataException($"{name}: expected a NumPy .npy array (starting \\x93NUMPY), but the first bytes are {Convert.ToHexString(preamble[..6])}.");
        byte major = preamble[6];
        int headerLength;
        if (major == 1)
        {
            Span<byte> length = stackalloc byte[2];
            ReadExactly(stream, length, name, "the header length");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(length);
        }
        else if (major is 2 or 3)
        {
            Span<byte> length = stackalloc byte[4];
            ReadExactly(stream, length, name, "the header length");
            uint declared = BinaryPrimitives.ReadUInt32LittleEndian(length);
            if (declared > MaxHeaderLength)
                throw new InvalidDataException($"{name}: the header declares {declared} bytes; expected at most {MaxHeaderLength}.");
            headerLength = (int)declared;
        }
        else throw new InvalidDataException($"{name}: .npy format version {major}.{preamble[7]} is not supported; expected 1.0, 2.0 or 3.0.");

        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, name, "the header");
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var (descr, fortran, shape) = ParseHeader(header, name);
        if (fortran && shape.Length > 1)
            throw new InvalidDataException($"{name}: the array is in Fortran order; only C order is supported.");
        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
            if (count > Array.MaxLength)
                throw new InvalidDataException($"{name}: the shape {NpyArray.FormatShape(shape)} holds more than {Array.MaxLength} elements.");
        }
        if (descr == "|O")
        {
            int[][] sequences = PickledSequences.Read(stream, name);
            long expected = shape.Length == 1 ? shape[0] : -1;
            if (shape.Length != 1 || sequences.Length != expected)
                throw new InvalidDataException($"{name}: the header's shape is {NpyArray.FormatShape(shape)}, but the pickled array holds {sequences.Length} lists; expected a one-dimensional object array of that length.");
            return NpyArray.OfSequences(name, shape, sequences);
        }
        return ReadNumbers(stream, name, descr, shape, (int)count);
    }

    private static NpyArray ReadNumbers(Stream stream, string name, string descr, int[] shape, int count)
    {
        if (descr.Length < 3 || descr[0] is not ('<' or '>' or '|' or '=')
            || !int.TryParse(descr.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int size))
            throw Unsupported(name, descr);
        bool big = descr[0] == '>' || (descr[0] == '=' && !BitConverter.IsLittleEndian);
        char kind = descr[1];
        if (!(kind is 'b' or 'u' && size == 1) && !(kind is 'i' or 'u' && size is 1 or 2 or 4 or 8) && !(kind == 'f' && size is 4 or 8))
            throw Unsupported(name, descr);
        long bytes = (long)count * size;
        if (bytes > Array.MaxLength)
            throw new InvalidDataException($"{name}: {count} elements of {size} bytes are more than an array holds.");
        var data = new byte[bytes];
        ReadExactly(stream, data, name, $"the {count} elements of shape {NpyArray.FormatShape(shape)}");
        if (kind == 'b')
        {
            int bad = Array.FindIndex(data, b => b > 1);
            if (bad >= 0) throw new InvalidDataException($"{name}: element {bad} of a bool array is {data[bad]}; expected 0 or 1.");
        }
        if (size == 1 && kind is 'u' or 'b') return NpyArray.OfBytes(name, descr, shape, data);
        if (kind == 'f')
        {
            var floats = new double[count];
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> at = data.AsSpan(i * size, size);
                floats[i] = size == 4
                    ? (big ? BinaryPrimitives.ReadSingleBigEndian(at) : BinaryPrimitives.ReadSingleLittleEndian(at))
                    : (big ? BinaryPrimitives.ReadDoubleBigEndian(at) : BinaryPrimitives.ReadDoubleLittleEndian(at));
            }
            return NpyArray.OfFloats(name, descr, shape, floats);
        }
        var integers = new long[count];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> at = data.AsSpan(i * size, size);
            integers[i] = (kind, size) switch
            {
                ('i', 1) => (sbyte)at[0],
                ('i', 2) => big ? BinaryPrimitives.ReadInt16BigEndian(at) : BinaryPrimitives.ReadInt16LittleEndian(at),
                ('u', 2) => big ? BinaryPrimitives.ReadUInt16BigEndian(at) : BinaryPrimitives.ReadUInt16LittleEndian(at),
                ('i', 4) => big ? BinaryPrimitives.ReadInt32BigEndian(at) : BinaryPrimitives.ReadInt32LittleEndian(at),
                ('u', 4) => big ? BinaryPrimitives.ReadUInt32BigEndian(at) : BinaryPrimitives.ReadUInt32LittleEndian(at),
                ('i', 8) => big ? BinaryPrimitives.ReadInt64BigEndian(at) : BinaryPrimitives.ReadInt64LittleEndian(at),
                _ => Unsigned64(big ? BinaryPrimitives.ReadUInt64BigEndian(at) : BinaryPrimitives.ReadUInt64LittleEndian(at), name, i),
            };
        }
        return NpyArray.OfIntegers(name, descr, shape, integers);
    }

    private static long Unsigned64(ulong value, string name, int index)
        => value <= long.MaxValue ? (long)value
            : throw new InvalidDataException($"{name}: element {index} is {value}, beyond the range of a 64-bit signed integer.");

    private static InvalidDataException Unsupported(string name, string descr)
        => new($"{name}: the dtype '{descr}' is not supported; expected bool, an integer of 1–8 bytes, float32, float64 or an object array of integer lists.");

    /// <summary>Parses the header dictionary, for example <c>{'descr': '&lt;f8', 'fortran_order': False, 'shape': (404, 13), }</c>.</summary>
    internal static (string Descr, bool Fortran, int[] Shape) ParseHeader(string header, string name)
    {
        var literal = new PythonLiteral(header, name);
        Dictionary<string, object> fields = literal.ReadDictionary();
        literal.ExpectEnd();
        foreach (string key in new[] { "descr", "fortran_order", "shape" })
            if (!fields.ContainsKey(key)) throw new InvalidDataException($"{name}: the header has no '{key}'; it is: {header.Trim()}");
        if (fields.Count != 3)
            throw new InvalidDataException($"{name}: the header has keys {string.Join(", ", fields.Keys)}; expected exactly descr, fortran_order and shape.");
        string descr = fields["descr"] as string
            ?? throw new InvalidDataException($"{name}: the dtype is not a simple type string (a structured dtype?); it is: {header.Trim()}");
        if (fields["fortran_order"] is not bool fortran)
            throw new InvalidDataException($"{name}: fortran_order is not True or False; the header is: {header.Trim()}");
        if (fields["shape"] is not List<long> dims)
            throw new InvalidDataException($"{name}: the shape is not a tuple of integers; the header is: {header.Trim()}");
        if (dims.Any(d => d < 0 || d > int.MaxValue))
            throw new InvalidDataException($"{name}: the shape ({string.Join(", ", dims)}) has a dimension out of range.");
        return (descr, fortran, [.. dims.Select(d => (int)d)]);
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string name, string what)
    {
        try { stream.ReadExactly(buffer); }
        catch (EndOfStreamException) { throw new InvalidDataException($"{name}: the file ends inside {what}."); }
    }

    // The subset of Python literals a .npy header uses: a dict of str keys whose values are
    // strings, True/False, or tuples of integers (Python 2 headers may write 60000L).
    private ref struct PythonLiteral(string text, string name)
    {
        private int _at;

        public Dictionary<string, object> ReadDictionary()
        {
            var fields = new Dictionary<string, object>(StringComparer.Ordinal);
            Expect('{');
            while (Peek() != '}')
            {
                string key = ReadString();
                Expect(':');
                object value = ReadValue();
                if (!fields.TryAdd(key, value)) throw Error($"the key '{key}' appears twice");
                if (Peek() == ',') _at++;
                else if (Peek() != '}') throw Error("expected ',' or '}'");
            }
            _at++;
            return fields;
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (_at != text.Length) throw Error("unexpected text after the dictionary");
        }

        private object ReadValue()
        {
            char c = Peek();
            if (c is '\'' or '"') return ReadString();
            if (c == '(') return ReadTuple();
            if (c == '[') throw Error("a list (a structured dtype) is not supported");
            string word = ReadWord();
            return word switch
            {
                "True" => true,
                "False" => false,
                _ => throw Error($"unexpected value '{word}'"),
            };
        }

        private List<long> ReadTuple()
        {
            Expect('(');
            var items = new List<long>();
            while (Peek() != ')')
            {
                string word = ReadWord();
                if (word.EndsWith('L')) word = word[..^1];
                if (!long.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                    throw Error($"expected a dimension, but found '{word}'");
                items.Add(value);
                if (Peek() == ',') _at++;
                else if (Peek() != ')') throw Error("expected ',' or ')'");
            }
            _at++;
            return items;
        }

        private string ReadString()
        {
            char quote = Peek();
            if (quote is not ('\'' or '"')) throw Error("expected a quoted string");
            int end = text.IndexOf(quote, ++_at);
            if (end < 0) throw Error("a string is not closed");
            string value = text[_at..end];
            if (value.Contains('\\')) throw Error("escapes in strings are not supported");
            _at = end + 1;
            return value;
        }

        private string ReadWord()
        {
            SkipSpace();
            int start = _at;
            while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] == '_')) _at++;
            if (_at == start) throw Error("expected a value");
            return text[start.._at];
        }

        private void Expect(char c)
        {
            if (Peek() != c) throw Error($"expected '{c}'");
            _at++;
        }

        private char Peek()
        {
            SkipSpace();
            return _at < text.Length ? text[_at] : throw Error("the header ends early");
        }

        private void SkipSpace()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at])) _at++;
        }

        private readonly InvalidDataException Error(string problem)
            => new($"{name}: the .npy header is not understood at character {_at}: {problem}. The header is: {text.Trim()}");
    }
}
