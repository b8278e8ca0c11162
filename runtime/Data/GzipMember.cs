using System.Buffers.Binary;
using System.IO.Compression;

namespace Unroll;

/// <summary>
/// Decompresses one gzip member (RFC 1952) and checks its end, which .NET's GZipStream does not:
/// a missing or cut trailer, bytes after it, and a CRC-32 or size that differs from the data are
/// each refused with their own message. The header is parsed here; the deflate body goes through
/// <see cref="DeflateStream"/>, fed so that where it stops is known to the byte (see <see cref="HeldBackStream"/>).
/// </summary>
internal sealed class GzipMember : ReadOnlyForwardStream
{
    private const int TrailerBytes = 8;

    private readonly HeldBackStream _input;
    private readonly DeflateStream _deflate;
    private readonly string _name;
    private uint _crc = Crc32.Initial;
    private long _length;
    private bool _ended;

    public GzipMember(Stream compressed, string name)
    {
        _name = name;
        _input = new HeldBackStream(compressed);
        ReadHeader();
        _deflate = new DeflateStream(_input, CompressionMode.Decompress, leaveOpen: true);
    }

    public override int Read(Span<byte> buffer)
    {
        if (_ended || buffer.IsEmpty) return 0;
        int n = _deflate.Read(buffer);
        _crc = Crc32.Update(_crc, buffer[..n]);
        _length += n;
        if (n == 0)
        {
            _ended = true;
            CheckEnd();
        }
        return n;
    }

    // The deflate stream has ended (or its input ran out): exactly the 8-byte trailer must remain.
    private void CheckEnd()
    {
        if (_input.AskedPastEnd)
            throw Damaged("the gzip data ends early: the compressed data or its 8-byte CRC-32 and size trailer is missing (the file is truncated).");
        Span<byte> rest = stackalloc byte[TrailerBytes + 1];
        int remaining = _input.ReadRemaining(rest);
        if (remaining < TrailerBytes)
            throw Damaged($"the gzip trailer (CRC-32 and size, 8 bytes) is cut short: only {remaining} bytes follow the compressed data (the file is truncated).");
        if (remaining > TrailerBytes)
            throw Damaged("more bytes follow the compressed data than its 8-byte trailer: junk appended to the file, or a second gzip member, which Unroll does not read.");
        uint expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(rest);
        uint expectedSize = BinaryPrimitives.ReadUInt32LittleEndian(rest[4..]);
        uint crc = ~_crc;
        if (crc != expectedCrc)
            throw Damaged($"CRC-32 mismatch: the gzip trailer says {expectedCrc:x8} but the decompressed data gives {crc:x8}; the file is damaged.");
        if (expectedSize != (uint)_length)
            throw Damaged($"size mismatch: the gzip trailer says {expectedSize} bytes (mod 2^32) but the data decompresses to {_length}; the file is damaged.");
    }

    private void ReadHeader()
    {
        byte id1 = Next(), id2 = Next(), method = Next(), flags = Next();
        if (id1 != 0x1F || id2 != 0x8B)
            throw Damaged($"not gzip data: expected the magic 1F 8B, but found {id1:X2} {id2:X2}.");
        if (method != 8)
            throw Damaged($"gzip compression method {method} is not supported; expected 8 (deflate), the only method gzip defines.");
        if ((flags & 0xE0) != 0)
            throw Damaged($"the gzip header sets reserved flag bits (flags {flags:X2}); the file is damaged.");
        for (int i = 0; i < 6; i++) Next(); // modification time, extra flags, operating system
        if ((flags & 0x04) != 0) // FEXTRA
        {
            int length = Next() | (Next() << 8);
            for (int i = 0; i < length; i++) Next();
        }
        if ((flags & 0x08) != 0) while (Next() != 0) { } // FNAME
        if ((flags & 0x10) != 0) while (Next() != 0) { } // FCOMMENT
        if ((flags & 0x02) != 0) // FHCRC: the low 16 bits of the CRC-32 of the header before it
        {
            uint expected = ~_headerCrc & 0xFFFF;
            uint found = (uint)(Next() | (Next() << 8));
            if (found != expected)
                throw Damaged($"the gzip header's CRC-16 is {found:x4} but the header gives {expected:x4}; the file is damaged.");
        }
    }

    private uint _headerCrc = Crc32.Initial;

    private byte Next()
    {
        Span<byte> one = stackalloc byte[1];
        if (_input.Read(one) == 0) throw Damaged("the gzip header is cut short (the file is truncated).");
        _headerCrc = Crc32.Update(_headerCrc, one);
        return one[0];
    }

    private InvalidDataException Damaged(string problem) => new($"{_name}: {problem}");

    protected override void Dispose(bool disposing)
    {
        if (disposing) _deflate.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>
    /// Hands out the compressed bytes but holds back the last 9: the 8 of the trailer are never
    /// handed out, and the one before them alone. The inflater asks for input only when it has
    /// used all it was given, so: if it asks for that last byte, it had used everything before;
    /// if it stops without asking, bytes were left over; if it asks past it, the data is cut short.
    /// </summary>
    private sealed class HeldBackStream(Stream inner) : ReadOnlyForwardStream
    {
        private const int HeldBack = TrailerBytes + 1;
        private readonly byte[] _buffer = new byte[1 << 16];
        private int _start, _end;
        private bool _innerEnded;

        public bool AskedPastEnd { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty) return 0;
            Fill(HeldBack + 1);
            int available = _end - _start;
            int give = available > HeldBack ? Math.Min(buffer.Length, available - HeldBack)
                : available == HeldBack && _innerEnded ? 1
                : 0;
            if (give == 0)
            {
                AskedPastEnd = true;
                return 0;
            }
            _buffer.AsSpan(_start, give).CopyTo(buffer);
            _start += give;
            return give;
        }

        /// <summary>Reads what is left, up to <c>rest.Length</c> bytes; more than that reports rest.Length.</summary>
        public int ReadRemaining(Span<byte> rest)
        {
            Fill(rest.Length);
            int available = Math.Min(_end - _start, rest.Length);
            _buffer.AsSpan(_start, available).CopyTo(rest);
            return available;
        }

        // Reads until `wanted` bytes are buffered or the inner stream ends.
        private void Fill(int wanted)
        {
            if (_end - _start >= wanted || _innerEnded) return;
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }
            while (_end - _start < wanted && !_innerEnded)
            {
                int n = inner.Read(_buffer.AsSpan(_end));
                if (n == 0) _innerEnded = true;
                _end += n;
            }
        }

    }
}
