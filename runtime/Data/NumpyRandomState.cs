namespace Unroll;

/// <summary>
/// The part of NumPy's legacy <c>np.random.RandomState(seed)</c> that Keras's dataset loaders use:
/// the Mersenne Twister (MT19937) seeded from a 32-bit integer, and <c>shuffle</c> of a
/// one-dimensional array (Fisher–Yates from the end, each index drawn by masked rejection
/// sampling). Replicated exactly, so <c>seed: 113</c> gives the same order as Keras.
/// </summary>
internal sealed class NumpyRandomState
{
    private const int N = 624, M = 397;
    private readonly uint[] _state = new uint[N];
    private int _position;

    public NumpyRandomState(uint seed)
    {
        _state[0] = seed;
        for (int i = 1; i < N; i++)
            _state[i] = 1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30)) + (uint)i;
        _position = N;
    }

    public uint NextUInt32()
    {
        if (_position == N) Twist();
        uint y = _state[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        return y ^ (y >> 18);
    }

    /// <summary>A whole number in [0, <paramref name="max"/>], as NumPy's <c>random_interval</c> draws it.</summary>
    public long Interval(long max)
    {
        if (max == 0) return 0;
        ulong mask = (ulong)max;
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16; mask |= mask >> 32;
        ulong value;
        if ((ulong)max <= uint.MaxValue)
            while ((value = NextUInt32() & mask) > (ulong)max) { }
        else
            while ((value = (((ulong)NextUInt32() << 32) | NextUInt32()) & mask) > (ulong)max) { }
        return (long)value;
    }

    /// <summary>Shuffles <paramref name="items"/> in place as <c>RandomState.shuffle</c> does a 1-D array.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = (int)Interval(i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary><c>rng.shuffle(np.arange(n))</c>: the order Keras applies to a dataset of <paramref name="n"/> samples.</summary>
    public int[] Permutation(int n)
    {
        int[] indices = [.. Enumerable.Range(0, n)];
        Shuffle<int>(indices);
        return indices;
    }

    private void Twist()
    {
        for (int i = 0; i < N; i++)
        {
            uint y = (_state[i] & 0x80000000u) | (_state[(i + 1) % N] & 0x7fffffffu);
            _state[i] = _state[(i + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
        }
        _position = 0;
    }
}
