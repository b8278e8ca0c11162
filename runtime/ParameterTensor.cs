namespace Unroll;

/// <summary>
/// One named tensor in the flat parameter buffer: its Keras name (<c>dense/kernel</c>), where it
/// starts, and its shape in Keras layout (a Dense kernel is (inputs, units), row-major).
/// </summary>
public sealed record ParameterTensor(string Name, int Offset, int[] Shape)
{
    /// <summary>Number of values.</summary>
    public int Length
    {
        get
        {
            int length = 1;
            foreach (int d in Shape) length *= d;
            return length;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} [{Offset}, {Offset + Length}) ({string.Join(", ", Shape)})";
}
