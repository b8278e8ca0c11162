namespace Unroll;

/// <summary>
/// A small, fast, reproducible generator (xoshiro256**, seeded through SplitMix64). Unlike
/// <see cref="Random"/>, its sequence is fixed by this library, so a seed gives the same
/// weights, shuffles and dropout masks on every .NET version and platform.
/// </summary>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator; the same seed always yields the same sequence.</summary>
    public SeededRandom(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    /// <summary>A seed from the clock and process-wide randomness, for unseeded models.</summary>
    public static ulong FreshSeed() => (ulong)Random.Shared.NextInt64() ^ (ulong)Environment.TickCount64;

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, maxExclusive), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)Math.BigMul(NextUInt64(), (ulong)maxExclusive, out _);
    }

    /// <summary>Standard normal sample (Box–Muller; one value per call, so the sequence has no hidden state).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: log stays finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>The generator's state, as text: saved with a model so shuffles and dropout masks resume exactly.</summary>
    internal string State => $"{_s0:x16}{_s1:x16}{_s2:x16}{_s3:x16}";

    /// <summary>Restores a state written by <see cref="State"/>; false if the text is not one.</summary>
    internal bool TryRestore(string state)
    {
        if (state.Length != 64) return false;
        Span<ulong> words = stackalloc ulong[4];
        for (int i = 0; i < 4; i++)
            if (!ulong.TryParse(state.AsSpan(16 * i, 16), System.Globalization.NumberStyles.AllowHexSpecifier, null, out words[i])) return false;
        if ((words[0] | words[1] | words[2] | words[3]) == 0) return false; // xoshiro's one fixed point
        (_s0, _s1, _s2, _s3) = (words[0], words[1], words[2], words[3]);
        return true;
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
