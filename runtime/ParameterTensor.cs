namespace Unroll;

/// <summary>
/// One named tensor in the flat parameter buffer: its Keras name (<c>dense/kernel</c>), where it
/// starts, its shape in Keras layout (a Dense kernel is (inputs, units), row-major), and whether the
/// optimizer trains it. Non-trainable tensors (a BatchNormalization's moving statistics) are weights
/// all the same: files, summaries and predictors carry them; only optimizers skip them. Immutable.
/// </summary>
public sealed record ParameterTensor
{
    private readonly int[] _shape;

    /// <summary>
    /// A tensor of <paramref name="shape"/> (copied) at <paramref name="offset"/>; generated code
    /// writes <c>new("dense/kernel", 0, [8, 12])</c>.
    /// </summary>
    public ParameterTensor(string name, int offset, ReadOnlySpan<int> shape, bool trainable = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        long length = 1;
        foreach (int d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            length *= d;
            if (length > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(shape), $"Tensor '{name}' would hold more than {Array.MaxLength} values.");
        }
        Name = name;
        Offset = offset;
        _shape = shape.ToArray();
        Shape = Array.AsReadOnly(_shape);
        Length = (int)length;
        Trainable = trainable;
    }

    /// <summary>The Keras name: <c>layer/variable</c>.</summary>
    public string Name { get; }

    /// <summary>Where the tensor starts in <see cref="Model.Parameters"/>.</summary>
    public int Offset { get; }

    /// <summary>The dimensions, outermost first (read-only).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>Number of values.</summary>
    public int Length { get; }

    /// <summary>
    /// Whether optimizers update it (Keras <c>variable.trainable</c>). Trainable tensors fill the
    /// start of the buffer, [0, <see cref="Model.TrainableParameterCount"/>); the rest follow.
    /// </summary>
    public bool Trainable { get; }

    /// <summary>The dimensions as a span, for the runtime's own loops.</summary>
    internal ReadOnlySpan<int> Dimensions => _shape;

    /// <summary>One past the tensor's last value in the buffer.</summary>
    internal int End => Offset + Length;

    /// <summary>Equal when name, offset, shape and trainability are (the shape by its values).</summary>
    public bool Equals(ParameterTensor? other)
        => other is not null && Name == other.Name && Offset == other.Offset && Trainable == other.Trainable && _shape.AsSpan().SequenceEqual(other._shape);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name);
        hash.Add(Offset);
        hash.Add(Trainable);
        foreach (int d in _shape) hash.Add(d);
        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString()
        => $"{Name} [{Offset}, {End}) ({string.Join(", ", _shape)})" + (Trainable ? "" : " non-trainable");
}
