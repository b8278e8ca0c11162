using System.Buffers.Binary;

namespace Unroll.Tests.Data;

/// <summary>
/// The end of a gzip IDX file is checked: the 8-byte trailer (CRC-32, size) must be there, match
/// the data, and be the last bytes. .NET's GZipStream accepts a missing trailer and junk after it,
/// and reports a CRC mismatch as "unsupported compression method".
/// </summary>
public class IdxGzipTrailerTests
{
    private static readonly byte[] Raw = IdxTests.IdxBytes(0x08, [50, 4, 4], [.. Enumerable.Range(0, 800).Select(i => (byte)(i * 7 % 251))]);

    private static InvalidDataException Refusal(byte[] bytes) => Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(bytes), "f.gz"));

    [Fact]
    public void A_good_file_reads_and_header_fields_gzip_may_carry_are_skipped()
    {
        byte[] gz = IdxTests.Gzip(Raw);
        Assert.Equal(Raw[16..], Idx.Read(new MemoryStream(gz), "f.gz").Data);
        // FEXTRA, FNAME, FCOMMENT and FHCRC, as gzip -N and other tools write them.
        byte[] header = [.. gz[..3], 0x02 | 0x04 | 0x08 | 0x10, .. gz[4..10], 3, 0, 1, 2, 3, .. "images\0"u8, .. "a comment\0"u8];
        ushort headerCrc = (ushort)Crc32(header);
        byte[] fields = [.. header, (byte)headerCrc, (byte)(headerCrc >> 8), .. gz[10..]];
        Assert.Equal(Raw[16..], Idx.Read(new MemoryStream(fields), "f.gz").Data);
        fields[header.Length] ^= 1;
        Assert.Contains("the gzip header's CRC-16 is", Refusal(fields).Message);
    }

    // CRC-32 (IEEE 802.3, as gzip uses it), bit by bit: independent of the table the reader uses.
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }

    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    [InlineData(1)]
    public void A_missing_or_cut_trailer_is_refused(int cut)
    {
        var e = Refusal(IdxTests.Gzip(Raw)[..^cut]);
        Assert.StartsWith("f.gz: ", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(100000)]
    public void Bytes_after_the_trailer_are_refused(int junk)
    {
        var e = Refusal([.. IdxTests.Gzip(Raw), .. Enumerable.Repeat((byte)0x5A, junk)]);
        Assert.Contains("more bytes follow the compressed data than its 8-byte trailer", e.Message);
    }

    [Fact]
    public void A_second_gzip_member_is_refused_by_name()
    {
        var e = Refusal([.. IdxTests.Gzip(Raw), .. IdxTests.Gzip([1, 2, 3])]);
        Assert.Contains("second gzip member", e.Message);
    }

    [Fact]
    public void A_crc_mismatch_is_reported_as_one()
    {
        byte[] gz = IdxTests.Gzip(Raw);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(gz.AsSpan(gz.Length - 8));
        BinaryPrimitives.WriteUInt32LittleEndian(gz.AsSpan(gz.Length - 8), crc ^ 0x10);
        var e = Refusal(gz);
        Assert.Contains($"CRC-32 mismatch: the gzip trailer says {crc ^ 0x10:x8} but the decompressed data gives {crc:x8}", e.Message);
        Assert.DoesNotContain("compression method", e.Message);
    }

    [Fact]
    public void A_size_mismatch_is_reported_as_one()
    {
        byte[] gz = IdxTests.Gzip(Raw);
        gz[^4] ^= 1;
        Assert.Contains($"size mismatch: the gzip trailer says {Raw.Length ^ 1} bytes", Refusal(gz).Message);
    }

    [Fact]
    public void Another_compression_method_and_reserved_flags_are_named()
    {
        byte[] gz = IdxTests.Gzip(Raw);
        byte[] method = [.. gz[..2], 7, .. gz[3..]];
        Assert.Contains("gzip compression method 7 is not supported", Refusal(method).Message);
        byte[] flags = [.. gz[..3], 0x20, .. gz[4..]];
        Assert.Contains("reserved flag bits", Refusal(flags).Message);
    }
}
