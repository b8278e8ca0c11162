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
    {
        long output = ValuesOf(layer.Output);
        long extra = layer.Spec switch
        {
            ConvSpec conv => Multiply(output / conv.Filters, Multiply(Multiply(conv.KernelHeight, conv.KernelWidth), Channels(layer.Input, conv)))
                             + (conv.DataFormat == DataFormatKind.ChannelsFirst ? output : 0),
            PoolSpec { Pool: PoolKind.Max } => output,
            LstmSpec lstm => Multiply(layer.Input.Dimensions[0], 6L * lstm.Units) + (lstm.Stateful ? 2L * lstm.Units : 0),
            DropoutSpec => output,
            _ => 0,
        };
        return 2 * output + extra;
    }

    /// <summary>The state a stateful LSTM keeps per batch row: fixed batch size × units, for h and for c.</summary>
    public static long StatePerBatch(ShapedLayer layer, int batchSize)
        => layer.Spec is LstmSpec { Stateful: true } lstm ? Multiply(batchSize, lstm.Units) : 0;

    private static long Channels(Shape input, ConvSpec conv)
        => conv.Rank == 2 && conv.DataFormat == DataFormatKind.ChannelsFirst ? input.Dimensions[0] : input.Last;
}
