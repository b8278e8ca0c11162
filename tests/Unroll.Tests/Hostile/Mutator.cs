using System.Text;

namespace Unroll.Tests.Hostile;

/// <summary>
/// Damages a file the ways files get damaged or forged: bit flips, overwritten, deleted, inserted
/// or repeated bytes, truncation, appended junk, numbers in a text header replaced by neighbours
/// and extremes, and (for safetensors) the 8-byte header length nudged. Half the damage lands in
/// the first <c>hot</c> bytes (a header), where it is most interesting.
/// </summary>
internal sealed class Mutator(int seed)
{
    private static readonly byte[] Interesting = [0, 1, 0x7F, 0x80, 0xFF, (byte)'"', (byte)'{', (byte)'}', (byte)',', (byte)':', (byte)'[', (byte)'0', (byte)'9', (byte)'-', (byte)'e', (byte)'.', (byte)'\n', (byte)'\r', (byte)' '];
    private static readonly string[] Numbers = ["0", "1", "-1", "4", "7", "8", "2147483647", "2147483648", "4294967296", "9223372036854775807", "-9223372036854775808", "1e3", "1.5", "00", "99999999999999999999"];

    private readonly Random _random = new(seed);

    public byte[] Mutate(byte[] original, int hot, bool safetensors = false)
    {
        byte[] bytes = original;
        int steps = 1 + _random.Next(3);
        for (int s = 0; s < steps; s++) bytes = Once(bytes, hot, safetensors);
        return bytes;
    }

    private byte[] Once(byte[] bytes, int hot, bool safetensors)
    {
        if (bytes.Length == 0) return [.. RandomBytes(1 + _random.Next(8))];
        int at = Position(bytes.Length, hot);
        switch (_random.Next(safetensors ? 10 : 9))
        {
            case 0:
            case 1:
            {
                byte[] copy = (byte[])bytes.Clone();
                copy[at] ^= (byte)(1 << _random.Next(8));
                return copy;
            }
            case 2:
            {
                byte[] copy = (byte[])bytes.Clone();
                copy[at] = _random.Next(2) == 0 ? Interesting[_random.Next(Interesting.Length)] : (byte)_random.Next(256);
                return copy;
            }
            case 3: return bytes[.._random.Next(bytes.Length)];
            case 4:
            {
                int length = Math.Min(1 + _random.Next(16), bytes.Length - at);
                return [.. bytes[..at], .. bytes[(at + length)..]];
            }
            case 5: return [.. bytes[..at], .. RandomBytes(1 + _random.Next(16)), .. bytes[at..]];
            case 6:
            {
                int length = Math.Min(1 + _random.Next(32), bytes.Length - at);
                return [.. bytes[..(at + length)], .. bytes[at..]]; // a range repeated
            }
            case 7: return [.. bytes, .. RandomBytes(1 + _random.Next(16))];
            case 8: return ReplaceNumber(bytes, hot);
            default:
            {
                byte[] copy = (byte[])bytes.Clone();
                if (copy.Length >= 8)
                    BitConverter.GetBytes(BitConverter.ToUInt64(copy) + (ulong)(long)(_random.Next(17) - 8)).CopyTo(copy, 0);
                return copy;
            }
        }
    }

    // A decimal number in the first `hot` bytes replaced by another: offsets, shapes, sizes.
    private byte[] ReplaceNumber(byte[] bytes, int hot)
    {
        var starts = new List<int>();
        int limit = Math.Min(hot, bytes.Length);
        for (int i = 0; i < limit; i++)
            if (char.IsAsciiDigit((char)bytes[i]) && (i == 0 || !char.IsAsciiDigit((char)bytes[i - 1]))) starts.Add(i);
        if (starts.Count == 0) return bytes;
        int start = starts[_random.Next(starts.Count)], end = start;
        while (end < bytes.Length && char.IsAsciiDigit((char)bytes[end])) end++;
        string text = Encoding.ASCII.GetString(bytes, start, end - start);
        string replacement = _random.Next(2) == 0 && long.TryParse(text, out long value)
            ? (value + _random.Next(-8, 9)).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : Numbers[_random.Next(Numbers.Length)];
        return [.. bytes[..start], .. Encoding.ASCII.GetBytes(replacement), .. bytes[end..]];
    }

    private int Position(int length, int hot)
        => _random.Next(2) == 0 && hot > 0 ? _random.Next(Math.Min(hot, length)) : _random.Next(length);

    private byte[] RandomBytes(int n)
    {
        var bytes = new byte[n];
        for (int i = 0; i < n; i++) bytes[i] = _random.Next(3) == 0 ? Interesting[_random.Next(Interesting.Length)] : (byte)_random.Next(256);
        return bytes;
    }
}
