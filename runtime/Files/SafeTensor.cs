namespace Unroll;

/// <summary>One tensor of a safetensors file: name, shape, and where its bytes sit in the file.</summary>
internal sealed record SafeTensor(string Name, int[] Shape, string DType, long Start, long End)
{
    public long Count
    {
        get
        {
            long count = 1;
            foreach (int d in Shape) count = Math.Min(count * d, long.MaxValue / int.MaxValue); // saturates: no overflow
            return count;
        }
    }

    public string ShapeText => "(" + string.Join(", ", Shape) + ")";
}
