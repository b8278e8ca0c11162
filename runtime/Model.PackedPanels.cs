using Unroll.Kernels;

namespace Unroll;

public abstract partial class Model
{
    // The weight panels packed once, read by ForwardRange and ForwardColumns instead of copying them per
    // call while they hold the current weights: a Predictor's instances get theirs from the predictor;
    // a network packs its own when the same weights serve a second batched prediction (at once for
    // weights mapped read-only, which never change).
    private PackedPanels? _packedPanels;
    // The weights' version the panels were packed from; _weightsVersion moves on every runtime write
    // (WritableParameters), so stale panels are never read, whatever wrote in between.
    private int _packedVersion;
    private int _weightsVersion;
    // The version and width of the last batched prediction that found no valid panels: a second one
    // at the same weights packs.
    private int _unpackedVersion = -1;
    private KernelWidth _unpackedWidth;
    // A predictor shares the panels: a later repack must not overwrite them in place.
    private bool _packedPanelsShared;
    // The width whose kernels were found to copy nothing (the scalar ones): no buffer, no retry.
    private KernelWidth? _copiesNothingAt;
    // Parameters handed out a writable span whose writes this network cannot see: it packs no more.
    private bool _weightsLent;
    private bool _packWeightPanels = true;

    /// <summary>
    /// Whether batched predictions on this network keep the panels its forward kernels would otherwise
    /// copy out of large weight matrices on every call packed once (default true): faster by the cost
    /// of those copies, for up to the size of those matrices in extra memory. A network packs when the
    /// same weights serve a second batched forward pass (a second batched prediction, or a prediction
    /// or evaluation over several batches, Fit's validation included; weights mapped from the
    /// assembly: the first), and repacks, in the same memory, once its weights have changed (a
    /// training step, loading) and again serve two. Set false on memory-tight apps: it releases the packed copy and copies per
    /// call from then on. Outputs are the same bits either way. Taking <see cref="Parameters"/> (a
    /// writable span whose writes this network cannot see) stops the packing for good.
    /// </summary>
    public bool PackWeightPanels
    {
        get => _packWeightPanels;
        set
        {
            _packWeightPanels = value;
            if (!value) DropPackedPanels();
        }
    }

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
    /// kernels, or empty (they copy per call) when this instance has none for the width it runs at
    /// and the weights it holds now.
    /// </summary>
    protected ReadOnlySpan<float> PackedPanels(int offset, int length)
        => _packedPanels is { } packed && packed.Width == KernelWidth && _packedVersion == Volatile.Read(ref _weightsVersion)
            ? packed.Buffer.Span.Slice(offset, length)
            : default;

    /// <summary>
    /// This network's weight panels packed for the kernels of <paramref name="width"/> (for a
    /// predictor, which keeps them), or null when they copy none.
    /// </summary>
    internal PackedPanels? PackPanelsFor(KernelWidth width)
    {
        if (CurrentPanels(width) is { } existing)
        {
            _packedPanelsShared = true;
            return existing;
        }
        return PackInto(null, width);
    }

    /// <summary>A Predictor's instance reads <paramref name="packed"/> (made from its source's weights) from now on.</summary>
    internal void UsePackedPanels(PackedPanels? packed)
    {
        _packedPanels = packed;
        _packedVersion = _weightsVersion; // an instance never writes its source's weights
    }

    /// <summary>The panels this instance reads (tests): null when it has none valid for its width and weights.</summary>
    internal PackedPanels? PackedPanelsInUse => CurrentPanels(KernelWidth);

    private PackedPanels? CurrentPanels(KernelWidth width)
        => _packedPanels is { } packed && packed.Width == width && _packedVersion == Volatile.Read(ref _weightsVersion) ? packed : null;

    // Before the forward passes of a batched prediction or evaluation (the caller holds this instance,
    // see EnterUse): packs when these weights serve a second pass, in this call (passes > 1: an
    // evaluation in batches) or since an earlier one, or never change. A network alternating training
    // steps with one-pass predictions never packs, so it pays no more than the per-call copies.
    private void PackPanelsWhenReused(int passes)
    {
        if (!_packWeightPanels || _weightsLent || _weightSource is not null || PackedPanelsLength == 0 || _copiesNothingAt == KernelWidth) return;
        int version = Volatile.Read(ref _weightsVersion);
        if (CurrentPanels(KernelWidth) is not null) return;
        if (!WeightsAreMapped && passes < 2 && (_unpackedVersion != version || _unpackedWidth != KernelWidth))
        {
            _unpackedVersion = version;
            _unpackedWidth = KernelWidth;
            return;
        }
        // Panels no predictor shares are repacked in place: the network allocates once, not per change.
        PackedPanels? reusable = _packedPanelsShared ? null : _packedPanels;
        _packedPanels = reusable is not null && reusable.Width == KernelWidth
            ? PackAt(reusable.Buffer, KernelWidth) ? reusable : null
            : PackInto(reusable?.Buffer, KernelWidth);
        _packedPanelsShared = false;
        _packedVersion = version;
        if (_packedPanels is null) _copiesNothingAt = KernelWidth;
    }

    // Packs the current weights for width's kernels into buffer (a new one when null); null when those kernels copy nothing.
    private PackedPanels? PackInto(AlignedBuffer? buffer, KernelWidth width)
    {
        int length = PackedPanelsLength;
        if (length == 0) return null;
        buffer ??= new AlignedBuffer(length);
        return PackAt(buffer, width) ? new PackedPanels(buffer, width) : null;
    }

    private bool PackAt(AlignedBuffer buffer, KernelWidth width)
    {
        using KernelSettings.Scope kernels = KernelSettings.Use(width);
        return PackPanels(buffer.Span);
    }

    private void LendWeights()
    {
        _weightsLent = true;
        DropPackedPanels();
    }

    // A forward pass already reading the panels keeps them alive (a span into a pinned array) and reads them out.
    private void DropPackedPanels()
    {
        _packedPanels = null;
        _packedPanelsShared = false;
        _unpackedVersion = -1;
    }
}
