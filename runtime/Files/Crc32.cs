using System.Buffers.Binary;

namespace Unroll;

/// <summary>
/// CRC-32 (IEEE 802.3, reflected: gzip's, zip's and PNG's), eight bytes a step (slicing-by-8).
/// One implementation for every check of the runtime: gzip members, the checksum of weight files
/// and the short hash in temporary file names. Plain managed code, so shipping a model pulls in
/// no cryptography library (and no native one behind it).
/// </summary>
internal static class Crc32
{
    public const uint Initial = 0xFFFFFFFF;

    private static readonly uint[] Table = BuildTables(); // 8 tables of 256

    /// <summary>The CRC-32 of <paramref name="bytes"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> bytes) => ~Update(Initial, bytes);

    /// <summary>Continues a running CRC (start from <see cref="Initial"/>, finish with <c>~</c>).</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> bytes)
    {
        uint[] t = Table;
        while (bytes.Length >= 8)
        {
            uint low = crc ^ BinaryPrimitives.ReadUInt32LittleEndian(bytes), high = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
            crc = t[7 * 256 + (low & 0xFF)] ^ t[6 * 256 + ((low >> 8) & 0xFF)] ^ t[5 * 256 + ((low >> 16) & 0xFF)] ^ t[4 * 256 + (low >> 24)]
                ^ t[3 * 256 + (high & 0xFF)] ^ t[2 * 256 + ((high >> 8) & 0xFF)] ^ t[256 + ((high >> 16) & 0xFF)] ^ t[high >> 24];
            bytes = bytes[8..];
        }
        foreach (byte b in bytes) crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    // Table k advances a byte by k more bytes of zeros.
    private static uint[] BuildTables()
    {
        var table = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        for (int k = 1; k < 8; k++)
            for (int n = 0; n < 256; n++)
                table[k * 256 + n] = (table[(k - 1) * 256 + n] >> 8) ^ table[table[(k - 1) * 256 + n] & 0xFF];
        return table;
    }
}
