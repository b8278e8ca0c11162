using Unroll.Kernels;

namespace Unroll;

public abstract partial class Model
{
    // The weight panels packed once, read by ForwardRange and ForwardColumns instead of copying them per
    // call: set only where the weights cannot change while it is in use (a Predictor's instances; a
    // network whose weights are mapped read-only), never on a network that trains.
    private PackedPanels? _packedPanels;
    // A mapped network packs on its first batched prediction; at a width whose kernels copy nothing it
    // remembers that, so later calls neither retry nor allocate.
    private KernelWidth? _mappedPackWidth;

    /// <summary>
    /// Floats of the buffer <see cref="PackPanels"/> fills: the generated class says so where a forward
    /// kernel copies weight panels per call (0: none does).
    /// </summary>
    protected virtual int PackedPanelsLength => 0;

    /// <summary>
    /// Packs, into <paramref name="packed"/> (<see cref="PackedPanelsLength"/> floats), the weight panels
    /// the forward kernels copy per call at the current kernel width, in the order they read them;
    /// false when at this width they copy none.
    /// </summary>
    protected virtual bool PackPanels(Span<float> packed) => false;

    /// <summary>
    /// The packed panels of one layer (its region of <see cref="PackPanels"/>' buffer) for the forward
    /// kernels, or empty (they copy per call) when this instance has none for the width it runs at.
    /// </summary>
    protected ReadOnlySpan<float> PackedPanels(int offset, int length)
        => _packedPanels is { } packed && packed.Width == KernelWidth ? packed.Buffer.Span.Slice(offset, length) : default;

    /// <summary>This network's weight panels packed for the kernels of <paramref name="width"/>, or null when they copy none.</summary>
    internal PackedPanels? PackPanelsFor(KernelWidth width)
    {
        if (_packedPanels is { } existing && existing.Width == width) return existing; // mapped weights, packed already
        int length = PackedPanelsLength;
        if (length == 0) return null;
        var buffer = new AlignedBuffer(length);
        using KernelSettings.Scope kernels = KernelSettings.Use(width);
        return PackPanels(buffer.Span) ? new PackedPanels(buffer, width) : null;
    }

    /// <summary>A Predictor's instance reads <paramref name="packed"/> (made from its source's weights) from now on.</summary>
    internal void UsePackedPanels(PackedPanels? packed) => _packedPanels = packed;

    /// <summary>The panels this instance reads (tests).</summary>
    internal PackedPanels? PackedPanelsInUse => _packedPanels;

    // Weights mapped from the assembly never change: their batched predictions pack once, on first need
    // (the caller holds this instance, see EnterUse).
    private void PackMappedPanels()
    {
        if (!WeightsAreMapped || _mappedPackWidth == KernelWidth || PackedPanelsLength == 0) return;
        _packedPanels = PackPanelsFor(KernelWidth);
        _mappedPackWidth = KernelWidth;
    }
}
