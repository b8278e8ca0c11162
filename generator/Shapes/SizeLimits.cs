using System.Collections.Generic;
using System.Linq;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Shapes;

/// <summary>
/// What a network's buffers may hold. Every buffer is one float array (the parameters and their
/// gradients, each layer's per-sample workspace), and the parameter buffers carry 16 floats of
/// 64-byte alignment, so no count may pass <see cref="MaxValues"/>. Checked in 64-bit arithmetic
/// before any later stage computes sizes in <c>int</c>.
/// </summary>
internal static class SizeLimits
{
    /// <summary>Array.MaxLength (2 147 483 591) less the 16 floats of alignment.</summary>
    public const long MaxValues = 2_147_483_591 - 16;

    /// <summary>Values per sample, saturating at long.MaxValue instead of overflowing.</summary>
    public static long ValuesOf(Shape shape)
    {
        long size = 1;
        foreach (int d in shape.Dimensions) size = Multiply(size, d);
        return size;
    }

    public static long Multiply(long a, long b) => a != 0 && b > long.MaxValue / a ? long.MaxValue : a * b;

    /// <summary>UNR0109 when <paramref name="values"/> does not fit; true when it does.</summary>
    public static bool Fits(long values, string what, NetworkSpec spec, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        if (values <= MaxValues) return true;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, location, spec.FullName, what,
            values == long.MaxValue ? "more than 9.2e18" : values.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            MaxValues.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
        return false;
    }

    /// <summary>
    /// The per-sample workspace of a layer: its output and output gradient, plus what it keeps for
    /// backward (the same buffers as KindPlanner plans, here in 64-bit arithmetic).
    /// </summary>
    public static long WorkspacePerSample(ShapedLayer layer, int batchSize)
        => 2 * ValuesOf(layer.Output) + layer.Spec.Accept(new KeptForBackward(layer));

    /// <summary>The state a stateful LSTM keeps per batch row: fixed batch size × units, for h and for c.</summary>
    public static long StatePerBatch(ShapedLayer layer, int batchSize)
        => layer.Spec.Accept(new StateAcrossBatches(batchSize));

    /// <summary>Values per sample a layer keeps from forward for backward, beyond its output and output gradient.</summary>
    private sealed class KeptForBackward(ShapedLayer shaped) : ILayerVisitor<long>
    {
        private long Output => ValuesOf(shaped.Output);

        public long Dense(DenseSpec layer) => 0;

        public long Activation(ActivationSpec layer) => 0;

        public long Flatten(FlattenSpec layer) => 0;

        // The mask.
        public long Dropout(DropoutSpec layer) => Output;

        // The im2col patches, and the (positions, filters) result before a channels-first transpose.
        public long Conv(ConvSpec layer)
            => Multiply(Output / layer.Filters, Multiply(Multiply(layer.KernelHeight, layer.KernelWidth), Channels(shaped.Input, layer)))
               + (layer.DataFormat == DataFormatKind.ChannelsFirst ? Output : 0);

        // Max pooling keeps where each maximum came from.
        public long Pool(PoolSpec layer) => layer.Pool == PoolKind.Max ? Output : 0;

        public long Embedding(EmbeddingSpec layer) => 0;

        // The gates and states of every step, and a stateful layer's carried h and c.
        public long Lstm(LstmSpec layer)
            => Multiply(shaped.Input.Dimensions[0], 6L * layer.Units) + (layer.Stateful ? 2L * layer.Units : 0);
    }

    /// <summary>Values a layer keeps per batch row from one batch to the next.</summary>
    private sealed class StateAcrossBatches(int batchSize) : ILayerVisitor<long>
    {
        public long Dense(DenseSpec layer) => 0;

        public long Activation(ActivationSpec layer) => 0;

        public long Flatten(FlattenSpec layer) => 0;

        public long Dropout(DropoutSpec layer) => 0;

        public long Conv(ConvSpec layer) => 0;

        public long Pool(PoolSpec layer) => 0;

        public long Embedding(EmbeddingSpec layer) => 0;

        public long Lstm(LstmSpec layer) => layer.Stateful ? Multiply(batchSize, layer.Units) : 0;
    }

    private static long Channels(Shape input, ConvSpec conv)
        => conv.Rank == 2 && conv.DataFormat == DataFormatKind.ChannelsFirst ? input.Dimensions[0] : input.Last;
}
