namespace Unroll;

/// <summary>
/// One array read from a NumPy <c>.npy</c> file (or an <c>.npz</c> member) by <see cref="Npy"/>:
/// its shape, its dtype as NumPy writes it (<c>|u1</c>, <c>&lt;f8</c>, <c>|O</c>, …) and its values
/// in C order. A numeric array keeps bytes as bytes, integers as <see cref="long"/> and floats as
/// <see cref="double"/>; an object array of integer lists (IMDB, Reuters) keeps each list.
/// </summary>
public sealed class NpyArray
{
    private readonly byte[]? _bytes;
    private readonly long[]? _integers;
    private readonly double[]? _floats;
    private readonly int[][]? _sequences;

    private NpyArray(string name, string descr, int[] shape, byte[]? bytes, long[]? integers, double[]? floats, int[][]? sequences)
    {
        Name = name;
        Descr = descr;
        Shape = Array.AsReadOnly(shape);
        _bytes = bytes;
        _integers = integers;
        _floats = floats;
        _sequences = sequences;
    }

    internal static NpyArray OfBytes(string name, string descr, int[] shape, byte[] values) => new(name, descr, shape, values, null, null, null);
    internal static NpyArray OfIntegers(string name, string descr, int[] shape, long[] values) => new(name, descr, shape, null, values, null, null);
    internal static NpyArray OfFloats(string name, string descr, int[] shape, double[] values) => new(name, descr, shape, null, null, values, null);
    internal static NpyArray OfSequences(string name, int[] shape, int[][] values) => new(name, "|O", shape, null, null, null, values);

    /// <summary>The file or member name, for messages.</summary>
    public string Name { get; }

    /// <summary>The dtype as the header spells it, for example <c>|u1</c>, <c>&lt;i8</c>, <c>&lt;f8</c> or <c>|O</c>.</summary>
    public string Descr { get; }

    /// <summary>The shape; an empty list for a scalar.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The number of elements (the product of the shape).</summary>
    public long Count => _bytes?.Length ?? _integers?.Length ?? _floats?.Length ?? _sequences!.Length;

    /// <summary>Whether this is an object array of integer lists (read through the restricted unpickler).</summary>
    public bool IsSequences => _sequences is not null;

    /// <summary>The values as floats (bytes and integers converted; float64 rounded to the nearest float).</summary>
    /// <exception cref="InvalidDataException">The array holds sequences, not numbers.</exception>
    public float[] ToSingles()
    {
        if (_bytes is not null) return [.. _bytes.Select(b => (float)b)];
        if (_integers is not null) return [.. _integers.Select(v => (float)v)];
        if (_floats is not null) return [.. _floats.Select(v => (float)v)];
        throw new InvalidDataException($"{Name}: expected a numeric array, but it holds integer lists (dtype {Descr}).");
    }

    /// <summary>The values as whole numbers.</summary>
    /// <exception cref="InvalidDataException">The array holds floats or sequences.</exception>
    public long[] ToInt64()
    {
        if (_bytes is not null) return [.. _bytes.Select(b => (long)b)];
        if (_integers is not null) return (long[])_integers.Clone();
        throw new InvalidDataException($"{Name}: expected an integer array, but the dtype is {Descr}.");
    }

    /// <summary>The raw bytes of a <c>|u1</c> array (images), without a copy.</summary>
    internal byte[]? Bytes => _bytes;

    /// <summary>The integer lists of an object array, one per element.</summary>
    /// <exception cref="InvalidDataException">The array is numeric.</exception>
    public int[][] ToSequences()
        => _sequences is null
            ? throw new InvalidDataException($"{Name}: expected an object array of integer lists, but the dtype is {Descr}.")
            : [.. _sequences.Select(s => (int[])s.Clone())];

    internal static string FormatShape(IReadOnlyList<int> shape) => shape.Count == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
}
