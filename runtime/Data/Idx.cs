using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Unroll;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST: the magic <c>00 00 type dims</c>,
/// then one big-endian 32-bit size per dimension, then the values row-major. Files may be raw or
/// gzip-compressed; gzip is recognised by its magic bytes <c>1F 8B</c>, not by the file name.
/// Only unsigned bytes (type <c>0x08</c>, the type of every MNIST-style images and labels file)
/// are supported.
/// </summary>
public static class Idx
{
    /// <summary>
    /// The largest data section read, in bytes (just under 2^31, the largest .NET array):
    /// a header that declares more is refused before anything is allocated.
    /// </summary>
    public static readonly long MaxDataBytes = Array.MaxLength;

    private const byte UnsignedByte = 0x08;
    private const int InitialChunk = 1 << 16; // data of unknown length (gzip) is read in growing chunks

    /// <summary>
    /// Reads the IDX file at <paramref name="path"/>, raw or gzip. When <paramref name="expectedSha256"/>
    /// is given (hex), the SHA-256 of the decoded IDX bytes (<see cref="IdxFile.Sha256"/>) must equal it.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed IDX file (or gzip of one: its trailer is checked), or its checksum differs.</exception>
    /// <exception cref="NotSupportedException">The values are not unsigned bytes.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/> (or it is a folder).</exception>
    public static IdxFile Read(string path, string? expectedSha256 = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
            throw new FileNotFoundException($"{path} is a folder; expected an IDX file.", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Read(stream, Path.GetFileName(path), expectedSha256);
    }

    /// <summary>
    /// Reads an IDX file, raw or gzip, from <paramref name="stream"/> (left open);
    /// <paramref name="name"/> names the source in error messages. See <see cref="Read(string, string?)"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The data is not a well-formed IDX file, or its checksum differs.</exception>
    /// <exception cref="NotSupportedException">The values are not unsigned bytes.</exception>
    public static IdxFile Read(Stream stream, string name, string? expectedSha256 = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        if (!stream.CanRead) throw new ArgumentException("The stream cannot be read.", nameof(stream));

        Span<byte> start = stackalloc byte[4];
        int got = stream.ReadAtLeast(start, 4, throwOnEndOfStream: false);
        IdxFile file;
        if (got >= 2 && start[0] == 0x1F && start[1] == 0x8B)
        {
            try
            {
                using var gzip = new GzipMember(new PrefixedStream(start[..got].ToArray(), stream), name);
                Span<byte> magic = stackalloc byte[4];
                got = gzip.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
                file = ReadBody(gzip, magic[..got], name, knownRemaining: null, compressed: true);
            }
            catch (InvalidDataException e) when (!e.Message.StartsWith(name, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{name}: the gzip data is corrupt ({e.Message}).", e);
            }
        }
        else
        {
            long? remaining = stream.CanSeek ? stream.Length - stream.Position : null;
            file = ReadBody(stream, start[..got], name, remaining, compressed: false);
        }

        if (expectedSha256 is not null && !string.Equals(file.Sha256, expectedSha256.Trim(), StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException(
                $"{name}: expected the SHA-256 {expectedSha256.Trim().ToLowerInvariant()} of the decoded IDX data, but found {file.Sha256}. The file is damaged or a different version.");
        return file;
    }

    /// <summary>
    /// Reads an images file as a <see cref="Matrix"/>: one row per item (the first dimension), the
    /// other dimensions flattened into the columns (28 × 28 → 784). <paramref name="scale"/> divides
    /// by 255 so that the values lie in [0, 1]; otherwise they are the raw 0–255.
    /// </summary>
    public static Matrix ReadImages(string path, bool scale = true, string? expectedSha256 = null)
        => Read(path, expectedSha256).ToMatrix(scale);

    /// <summary>Reads a one-dimensional labels file as class ids (0–255) in a float array.</summary>
    public static float[] ReadLabels(string path, string? expectedSha256 = null)
        => Read(path, expectedSha256).ToLabels();

    // header holds the bytes already read (up to 4): the magic.
    private static IdxFile ReadBody(Stream stream, ReadOnlySpan<byte> header, string name, long? knownRemaining, bool compressed)
    {
        string what = compressed ? "decompressed data" : "file";
        if (header.Length < 4)
            throw new InvalidDataException($"{name}: truncated: expected the 4-byte IDX magic (00 00 type dims), but the {what} holds only {header.Length} bytes.");
        if (header[0] != 0 || header[1] != 0)
            throw new InvalidDataException(
                $"{name}: not an IDX file: expected the magic 00 00 <type> <dims>, but found {Hex(header)}{(compressed ? " after decompression" : "")}.");
        byte type = header[2];
        if (type != UnsignedByte)
        {
            string? typeName = type switch
            {
                0x09 => "signed byte",
                0x0B => "16-bit integer",
                0x0C => "32-bit integer",
                0x0D => "32-bit float",
                0x0E => "64-bit float",
                _ => null,
            };
            if (typeName is null)
                throw new InvalidDataException($"{name}: expected an IDX data type of 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E, but found 0x{type:X2}.");
            throw new NotSupportedException(
                $"{name}: IDX data type 0x{type:X2} ({typeName}) is not supported; expected 0x08 (unsigned byte), the type of MNIST-style images and labels.");
        }
        int rank = header[3];
        if (rank == 0)
            throw new InvalidDataException($"{name}: expected at least 1 dimension in the IDX header, but found 0.");

        var dims = new byte[4 * rank];
        int got = stream.ReadAtLeast(dims, dims.Length, throwOnEndOfStream: false);
        if (got < dims.Length)
            throw new InvalidDataException($"{name}: truncated header: expected {rank} dimension sizes ({dims.Length} bytes), but only {got} bytes follow the magic.");
        var shape = new int[rank];
        long total = 1;
        for (int d = 0; d < rank; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(dims.AsSpan(4 * d));
            if (size > int.MaxValue)
                throw new InvalidDataException($"{name}: dimension {d} declares {size} items; expected at most {int.MaxValue}.");
            shape[d] = (int)size;
            total = total == 0 || size == 0 ? 0 : total > MaxDataBytes / size ? MaxDataBytes + 1 : total * size;
        }
        if (total > MaxDataBytes)
            throw new InvalidDataException($"{name}: the header declares a shape of {IdxFile.FormatShape(shape)}, more than the limit of {MaxDataBytes} bytes.");
        if (knownRemaining is long remaining && total > remaining - dims.Length)
            throw new InvalidDataException(
                $"{name}: truncated: the shape {IdxFile.FormatShape(shape)} needs {total} data bytes, but only {Math.Max(0, remaining - dims.Length)} follow the header.");

        byte[] data = ReadData(stream, (int)total, knownRemaining is not null, out int read);
        if (read < total)
            throw new InvalidDataException($"{name}: truncated: the shape {IdxFile.FormatShape(shape)} needs {total} data bytes, but the {what} holds only {read}.");
        if (stream.ReadByte() >= 0)
            throw new InvalidDataException(
                $"{name}: expected exactly {total} data bytes for the shape {IdxFile.FormatShape(shape)}, but the {what} holds more.");
        return new IdxFile(shape, data, name);
    }

    // Reads up to `total` bytes. When the length is not known up front (gzip), the buffer grows
    // with the data actually present, so a lying header cannot make it allocate gigabytes.
    private static byte[] ReadData(Stream stream, int total, bool lengthKnown, out int read)
    {
        var data = new byte[lengthKnown ? total : Math.Min(total, InitialChunk)];
        read = 0;
        while (true)
        {
            read += stream.ReadAtLeast(data.AsSpan(read), data.Length - read, throwOnEndOfStream: false);
            if (read < data.Length || data.Length == total) return data;
            Array.Resize(ref data, (int)Math.Min(total, 2L * data.Length));
        }
    }

    private static string Hex(ReadOnlySpan<byte> bytes)
        => string.Join(' ', bytes.ToArray().Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));

    /// <summary>A read-only stream that yields <c>prefix</c>, then the rest of <c>inner</c> (left open).</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream inner) : ReadOnlyForwardStream
    {
        private int _position;

        public override int Read(Span<byte> buffer)
        {
            if (_position < prefix.Length)
            {
                int n = Math.Min(buffer.Length, prefix.Length - _position);
                prefix.AsSpan(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }
            return inner.Read(buffer);
        }

    }
}

/// <summary>
/// The contents of an IDX file of unsigned bytes: its <see cref="Shape"/> (first dimension = items)
/// and its values, row-major. Produced by <see cref="Idx.Read(string, string?)"/>.
/// </summary>
public sealed class IdxFile
{
    private static readonly float[] Scaled = Enumerable.Range(0, 256).Select(i => i / 255f).ToArray();
    private string? _sha256;

    /// <summary>
    /// Wraps <paramref name="data"/> (not copied) with the given <paramref name="shape"/>;
    /// <paramref name="name"/> names the source in error messages.
    /// </summary>
    /// <exception cref="ArgumentException">The shape is empty, has a negative size, or does not match the data length.</exception>
    public IdxFile(int[] shape, byte[] data, string name = "IDX data")
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(name);
        if (shape.Length is 0 or > 255)
            throw new ArgumentException($"{name}: expected 1 to 255 dimensions, but found {shape.Length}.", nameof(shape));
        long total = 1;
        foreach (int size in shape)
        {
            if (size < 0) throw new ArgumentException($"{name}: dimension sizes must be ≥ 0, but the shape is {FormatShape(shape)}.", nameof(shape));
            if (total <= int.MaxValue) total *= size; // stays within long: both factors ≤ 2^31
        }
        if (total != data.Length)
            throw new ArgumentException($"{name}: the shape {FormatShape(shape)} needs {total} values, but {data.Length} were given.", nameof(data));
        Shape = shape;
        Data = data;
        Name = name;
    }

    /// <summary>The size of each dimension; the first counts the items (images or labels).</summary>
    public int[] Shape { get; }

    /// <summary>The values, row-major.</summary>
    public byte[] Data { get; }

    /// <summary>The source's name (the file name when read from a path), used in error messages.</summary>
    public string Name { get; }

    /// <summary>The number of items: the first dimension.</summary>
    public int Count => Shape[0];

    /// <summary>
    /// The SHA-256 (lowercase hex) of the decoded IDX bytes — the header followed by the data, as in
    /// the uncompressed file — so a raw and a gzip copy of the same data have the same checksum.
    /// </summary>
    public string Sha256 => _sha256 ??= ComputeSha256();

    /// <summary>
    /// The items as matrix rows, every other dimension flattened into the columns (28 × 28 → 784;
    /// a one-dimensional file gives one column). <paramref name="scale"/> divides by 255 so that
    /// the values lie in [0, 1]; otherwise they are the raw 0–255.
    /// </summary>
    public Matrix ToMatrix(bool scale = true)
    {
        int columns = Shape.Length == 1 ? 1 : Count == 0 ? Shape.Skip(1).Aggregate(1, (a, b) => checked(a * b)) : Data.Length / Count;
        var values = new float[Data.Length];
        if (scale)
        {
            float[] table = Scaled;
            for (int i = 0; i < values.Length; i++) values[i] = table[Data[i]];
        }
        else
        {
            for (int i = 0; i < values.Length; i++) values[i] = Data[i];
        }
        return new Matrix(Count, columns, values);
    }

    /// <summary>The values of a one-dimensional (labels) file as class ids.</summary>
    /// <exception cref="InvalidOperationException">The file has more than one dimension.</exception>
    public float[] ToLabels()
    {
        if (Shape.Length != 1)
            throw new InvalidOperationException($"{Name}: expected a one-dimensional labels file, but the shape is {FormatShape(Shape)}.");
        var labels = new float[Data.Length];
        for (int i = 0; i < labels.Length; i++) labels[i] = Data[i];
        return labels;
    }

    /// <inheritdoc/>
    public override string ToString() => $"IdxFile({Name}, {FormatShape(Shape)})";

    internal static string FormatShape(int[] shape) => string.Join(" × ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture)));

    private string ComputeSha256()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> bytes = stackalloc byte[4];
        bytes[0] = 0;
        bytes[1] = 0;
        bytes[2] = 0x08;
        bytes[3] = (byte)Shape.Length;
        hash.AppendData(bytes);
        foreach (int size in Shape)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes, size);
            hash.AppendData(bytes);
        }
        hash.AppendData(Data);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
