using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Unroll;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a JSON header naming each
/// tensor's dtype, shape and byte range, then the raw little-endian data. Reading checks every
/// length and offset against the bytes actually there, so a damaged file gives a clear
/// <see cref="WeightFileException"/> and never an allocation larger than the file.
/// </summary>
internal static class SafeTensors
{
    /// <summary>The reference implementation's limit on the header.</summary>
    public const int MaxHeaderBytes = 100_000_000;

    private const int MaxRank = 8;

    /// <summary>
    /// The metadata key of the checksum Unroll writes: the CRC-32 (8 lowercase hex digits) of the
    /// whole file as written, with these 8 digits read as '0'. It is there against damage (a cut
    /// copy, a flipped bit, a bad disk), not against tampering: every burst of up to 32 changed
    /// bits is caught, other damage with probability 1 − 2⁻³². Files of other writers, without
    /// it, are read unchecked.
    /// </summary>
    public const string ChecksumKey = "crc32";

    private const int ChecksumDigits = 8;

    /// <summary>
    /// Writes <paramref name="tensors"/> (F32, laid out back to back in list order, their values in
    /// <paramref name="first"/> and then <paramref name="rest"/>, which tile them in order) and
    /// <paramref name="metadata"/>, with the checksum (<see cref="ChecksumKey"/>) of it all.
    /// </summary>
    public static void Write(Stream stream, IReadOnlyList<(string Name, IReadOnlyList<int> Shape)> tensors, IEnumerable<KeyValuePair<string, string>> metadata, ReadOnlySpan<float> first, IEnumerable<float[]> rest)
    {
        byte[] header = Header(tensors, metadata, out int checksumAt);
        uint crc = Crc32.Update(Crc32.Initial, header);
        crc = AppendFloats(crc, first);
        foreach (float[] block in rest) crc = AppendFloats(crc, block);
        Encoding.ASCII.GetBytes(Digits(~crc), header.AsSpan(checksumAt, ChecksumDigits));
        stream.Write(header);
        WriteFloats(stream, first);
        foreach (float[] block in rest) WriteFloats(stream, block);
    }

    /// <summary>
    /// Writes a header for <paramref name="tensors"/> (F32, laid out back to back in list order)
    /// and <paramref name="metadata"/>, without a checksum; the caller then writes each tensor's values in that order.
    /// </summary>
    public static void WriteHeader(Stream stream, IReadOnlyList<(string Name, IReadOnlyList<int> Shape)> tensors, IEnumerable<KeyValuePair<string, string>> metadata)
        => stream.Write(Header(tensors, metadata, out _, withChecksum: false));

    // The 8-byte length and the JSON header; checksumAt: where the checksum's digits are (all '0').
    private static byte[] Header(IReadOnlyList<(string Name, IReadOnlyList<int> Shape)> tensors, IEnumerable<KeyValuePair<string, string>> metadata, out int checksumAt, bool withChecksum = true)
    {
        var json = new MemoryStream();
        json.Write(new byte[8]);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("__metadata__");
            foreach (var (key, value) in metadata) writer.WriteString(key, value);
            if (withChecksum) writer.WriteString(ChecksumKey, new string('0', ChecksumDigits));
            writer.WriteEndObject();
            long offset = 0;
            foreach (var (name, shape) in tensors)
            {
                long bytes = sizeof(float);
                foreach (int d in shape) bytes *= d;
                writer.WriteStartObject(name);
                writer.WriteString("dtype", "F32");
                writer.WriteStartArray("shape");
                foreach (int d in shape) writer.WriteNumberValue(d);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + bytes);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += bytes;
            }
            writer.WriteEndObject();
        }
        // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
        while (json.Length % 8 != 0) json.WriteByte((byte)' ');
        byte[] header = json.ToArray();
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)(header.Length - 8));
        checksumAt = withChecksum ? header.AsSpan().IndexOf("\"crc32\":\""u8) + ChecksumKey.Length + 4 : -1;
        return header;
    }

    /// <summary>Writes float32 values little-endian.</summary>
    public static void WriteFloats(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        Span<byte> four = stackalloc byte[4];
        foreach (float v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(four, v);
            stream.Write(four);
        }
    }

    // Runs the CRC over float32 values as their little-endian bytes, as WriteFloats writes them.
    private static uint AppendFloats(uint crc, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian) return Crc32.Update(crc, MemoryMarshal.AsBytes(values));
        Span<byte> four = stackalloc byte[4];
        foreach (float v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(four, v);
            crc = Crc32.Update(crc, four);
        }
        return crc;
    }

    private static string Digits(uint crc) => crc.ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>
    /// Checks the checksum (<see cref="ChecksumKey"/>) of a whole file, when its header has one:
    /// the file must hash, with the checksum's digits read as '0', to those digits.
    /// </summary>
    public static void CheckChecksum(ReadOnlySpan<byte> file, SafeTensorsHeader header, string source)
    {
        if (header.ChecksumAt < 0) return;
        ReadOnlySpan<byte> written = file.Slice(header.ChecksumAt, ChecksumDigits);
        uint crc = Crc32.Update(Crc32.Initial, file[..header.ChecksumAt]);
        Span<byte> zeros = stackalloc byte[ChecksumDigits];
        zeros.Fill((byte)'0');
        crc = Crc32.Update(crc, zeros);
        crc = ~Crc32.Update(crc, file[(header.ChecksumAt + ChecksumDigits)..]);
        Span<byte> digits = stackalloc byte[ChecksumDigits];
        Encoding.ASCII.GetBytes(Digits(crc), digits);
        if (!digits.SequenceEqual(written))
            throw new WeightFileException(source, $"the file's CRC-32 is {Encoding.ASCII.GetString(digits)} but its header records {Encoding.ASCII.GetString(written)}: the file was changed or damaged after it was written.");
    }

    /// <summary>Reads float32 values little-endian from a tensor's bytes.</summary>
    public static void ReadFloats(ReadOnlySpan<byte> bytes, Span<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(bytes).CopyTo(values);
            return;
        }
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(4 * i));
    }

    /// <summary>
    /// Reads a safetensors file: its header is read and checked first, so that a file of another
    /// kind is refused after a few bytes, not after reading all of it; then the whole file.
    /// </summary>
    public static byte[] ReadFile(string path)
    {
        using FileStream stream = Open(path);
        Span<byte> prefix = stackalloc byte[8];
        int got = stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false);
        ulong headerLength = CheckHeaderLength(prefix[..got], stream.Length, path);
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        ParseHeader(header, dataStart: 8 + (long)headerLength, dataLength: stream.Length - 8 - (long)headerLength, path);
        stream.Position = 0;
        return ReadRest(stream, path);
    }

    /// <summary>Reads a whole file of another kind (model.json, a weight shard) of at most <paramref name="maxBytes"/>, with the same refusals.</summary>
    public static byte[] ReadOtherFile(string path, long maxBytes, string what)
    {
        using FileStream stream = Open(path);
        if (stream.Length > maxBytes)
            throw new WeightFileException(path, $"the file is {stream.Length} bytes; a {what} of at most {maxBytes} bytes was expected.");
        return ReadRest(stream, path);
    }

    private static byte[] ReadRest(FileStream stream, string path)
    {
        if (stream.Length > Array.MaxLength)
            throw new WeightFileException(path, $"the file is {stream.Length} bytes; Unroll reads weight files up to {Array.MaxLength} bytes.");
        var bytes = new byte[stream.Length - stream.Position];
        stream.ReadExactly(bytes);
        return bytes;
    }

    // Every way a path can fail to be a readable file becomes a WeightFileException naming it.
    private static FileStream Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
            throw new WeightFileException(path, "it is a folder; expected a file.");
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (FileNotFoundException e)
        {
            throw new WeightFileException(path, "the file does not exist.", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new WeightFileException(path, "its folder does not exist.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new WeightFileException(path, $"the file cannot be opened for reading ({e.Message}).", e);
        }
    }

    /// <summary>Parses and checks the header of <paramref name="file"/>; offsets in the result are from the file's start.</summary>
    public static SafeTensorsHeader ReadHeader(ReadOnlySpan<byte> file, string source)
    {
        ulong headerLength = CheckHeaderLength(file, file.Length, source);
        return ParseHeader(file.Slice(8, (int)headerLength), 8 + (long)headerLength, file.Length - 8 - (long)headerLength, source);
    }

    // The 8-byte length field against the file's length; prefix holds the file's first bytes (8 or fewer).
    private static ulong CheckHeaderLength(ReadOnlySpan<byte> prefix, long fileLength, string source)
    {
        if (fileLength < 8 || prefix.Length < 8)
            throw new WeightFileException(source, $"{fileLength} bytes is too short for a safetensors file (8-byte header length, JSON header, data).");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes || headerLength > (ulong)(fileLength - 8))
            throw new WeightFileException(source, $"the header length field says {headerLength} bytes but the file has {fileLength - 8} after it: not a safetensors file, or truncated.");
        return headerLength;
    }

    // header: the JSON bytes; dataStart: where the data section begins in the file; dataLength: its length.
    private static SafeTensorsHeader ParseHeader(ReadOnlySpan<byte> header, long dataStart, long dataLength, string source)
    {
        if (header.Length < 2 || header[0] != (byte)'{')
            throw new WeightFileException(source, "the header is not a JSON object: not a safetensors file.");
        var tensors = new List<SafeTensor>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        int checksumAt = -1;
        try
        {
            var reader = new Utf8JsonReader(header, new JsonReaderOptions { MaxDepth = 8 });
            Expect(ref reader, JsonTokenType.StartObject, source, "the header");
            while (Next(ref reader, source) != JsonTokenType.EndObject)
            {
                string name = reader.GetString()!;
                if (!names.Add(name)) throw new WeightFileException(source, $"the header names '{name}' twice.");
                if (name == "__metadata__") checksumAt = ReadMetadata(ref reader, metadata, source);
                else tensors.Add(ReadTensor(ref reader, name, dataStart, dataLength, source));
            }
            // Trailing spaces pad the header; anything else after it is damage.
            if (reader.Read())
                throw new WeightFileException(source, "the header has bytes after its closing brace.");
        }
        catch (JsonException e)
        {
            throw new WeightFileException(source, $"the header is not valid JSON ({e.Message}).", e);
        }
        catch (InvalidOperationException e)
        {
            throw new WeightFileException(source, $"the header is not valid safetensors JSON ({e.Message}).", e);
        }
        CheckCoverage(tensors, dataStart, dataLength, source);
        return new SafeTensorsHeader(tensors, metadata, checksumAt < 0 ? -1 : 8 + checksumAt);
    }

    // The format requires the tensors to tile the data section exactly: no leading bytes, holes,
    // overlaps or trailing bytes. Without this a header length off by a few bytes shifts every weight.
    private static void CheckCoverage(List<SafeTensor> tensors, long dataStart, long dataLength, string source)
    {
        SafeTensor[] byStart = [.. tensors.OrderBy(t => t.Start).ThenBy(t => t.End)];
        long covered = dataStart;
        SafeTensor? previous = null;
        foreach (SafeTensor tensor in byStart)
        {
            if (tensor.Start > covered)
                throw new WeightFileException(source, $"bytes [{covered - dataStart}, {tensor.Start - dataStart}) of the data section belong to no tensor "
                    + $"({(previous is null ? "before the first tensor" : $"between '{previous.Name}' and '{tensor.Name}'")}); the tensors must cover the data section exactly.");
            if (tensor.Start < covered)
                throw new WeightFileException(source, $"tensor '{tensor.Name}' at bytes [{tensor.Start - dataStart}, {tensor.End - dataStart}) overlaps '{previous!.Name}', which ends at {covered - dataStart}.");
            covered = tensor.End;
            previous = tensor;
        }
        if (covered != dataStart + dataLength)
            throw new WeightFileException(source, $"the tensors cover {covered - dataStart} bytes but the data section has {dataLength}: "
                + "the header length or the offsets are wrong, or bytes were appended.");
    }

    // Returns where the checksum's digits start in the header, or -1 without one.
    private static int ReadMetadata(ref Utf8JsonReader reader, Dictionary<string, string> metadata, string source)
    {
        int checksumAt = -1;
        Expect(ref reader, JsonTokenType.StartObject, source, "__metadata__");
        while (Next(ref reader, source) != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            Expect(ref reader, JsonTokenType.String, source, $"metadata '{key}'");
            metadata[key] = reader.GetString()!;
            if (key == ChecksumKey)
            {
                if (reader.ValueIsEscaped || reader.ValueSpan.Length != ChecksumDigits || reader.ValueSpan.ContainsAnyExcept("0123456789abcdef"u8))
                    throw new WeightFileException(source, $"the metadata '{ChecksumKey}' is '{Quote(metadata[key])}', not {ChecksumDigits} lowercase hex digits.");
                checksumAt = (int)reader.TokenStartIndex + 1; // after the opening quote
            }
        }
        return checksumAt;
    }

    private static SafeTensor ReadTensor(ref Utf8JsonReader reader, string name, long dataStart, long dataLength, string source)
    {
        Expect(ref reader, JsonTokenType.StartObject, source, $"tensor '{name}'");
        string? dtype = null;
        int[]? shape = null;
        long begin = -1, end = -1;
        while (Next(ref reader, source) != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            switch (key)
            {
                case "dtype":
                    Expect(ref reader, JsonTokenType.String, source, $"tensor '{name}' dtype");
                    dtype = reader.GetString();
                    break;
                case "shape":
                    Expect(ref reader, JsonTokenType.StartArray, source, $"tensor '{name}' shape");
                    var dims = new List<int>();
                    while (Next(ref reader, source) != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int d) || d < 0 || dims.Count == MaxRank)
                            throw new WeightFileException(source, $"tensor '{name}' has a malformed shape (at most {MaxRank} non-negative integers).");
                        dims.Add(d);
                    }
                    shape = [.. dims];
                    break;
                case "data_offsets":
                    Expect(ref reader, JsonTokenType.StartArray, source, $"tensor '{name}' data_offsets");
                    Expect(ref reader, JsonTokenType.Number, source, $"tensor '{name}' data_offsets");
                    reader.TryGetInt64(out begin);
                    Expect(ref reader, JsonTokenType.Number, source, $"tensor '{name}' data_offsets");
                    reader.TryGetInt64(out end);
                    Expect(ref reader, JsonTokenType.EndArray, source, $"tensor '{name}' data_offsets (two numbers)");
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        if (dtype is null || shape is null || begin < 0 || end < 0)
            throw new WeightFileException(source, $"tensor '{name}' lacks its dtype, shape or data_offsets.");
        if (dtype != "F32")
            throw new WeightFileException(source, $"tensor '{name}' is {dtype}; Unroll reads float32 (F32) tensors.");
        var tensor = new SafeTensor(name, shape, dtype, dataStart + begin, dataStart + end);
        if (begin > end || end > dataLength)
            throw new WeightFileException(source, $"tensor '{name}' spans bytes [{begin}, {end}) but the data section has {dataLength}: the file is truncated or damaged.");
        if (end - begin != tensor.Count * sizeof(float))
            throw new WeightFileException(source, $"tensor '{name}' has shape {tensor.ShapeText} ({tensor.Count} floats, {tensor.Count * sizeof(float)} bytes) but spans {end - begin} bytes.");
        return tensor;
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader, string source)
    {
        if (!reader.Read()) throw new WeightFileException(source, "the header ends early.");
        return reader.TokenType;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string source, string what)
    {
        if (Next(ref reader, source) != type)
            throw new WeightFileException(source, $"{what} should be {Describe(type)} but is {Describe(reader.TokenType)}.");
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.EndArray => "the end of an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        _ => type.ToString(),
    };

    /// <summary>A metadata value shortened for messages.</summary>
    public static string Quote(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
