namespace Unroll;

/// <summary>
/// A network's weight panels packed once (<see cref="Model.PackPanels"/>): what its forward kernels
/// otherwise copy out of the weights on every call, in the order they read them. The layout depends
/// on the vector width the kernels run at, so it is valid only at <see cref="Width"/>; it serves the
/// weights as they were when it was packed.
/// </summary>
internal sealed class PackedPanels(AlignedBuffer buffer, KernelWidth width)
{
    public AlignedBuffer Buffer { get; } = buffer;

    /// <summary>The width whose kernels packed (and may read) the panels.</summary>
    public KernelWidth Width { get; } = width;

    /// <summary>Bytes the packed copy holds.</summary>
    public long Bytes => (long)Buffer.Length * sizeof(float);
}
