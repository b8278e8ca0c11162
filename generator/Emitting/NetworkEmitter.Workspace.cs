using System.Collections.Generic;
using Unroll.Generator.Lowering;
using Unroll.Generator.Shapes;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Emitting;

internal static partial class NetworkEmitter
{
    /// <summary>A per-sample workspace buffer beyond a layer's output and gradient.</summary>
    private sealed record ExtraBuffer(string Field, string Type, int PerSample, string Purpose);

    /// <summary>What each layer kind keeps between its forward and backward passes.</summary>
    private static IEnumerable<ExtraBuffer> ExtraBuffers(LayerPlan layer)
    {
        switch (layer.Layer.Spec)
        {
            case ConvSpec conv:
            {
                ImageGeometry g = LayerGeometry.Of(layer.Layer);
                int patch = g.WindowHeight * g.WindowWidth * g.Channels;
                yield return new ExtraBuffer("__col" + layer.Index, "float", g.Positions * patch, "im2col patches; reused for their gradient");
                if (conv.DataFormat == DataFormatKind.ChannelsFirst)
                    yield return new ExtraBuffer("__t" + layer.Index, "float", g.Positions * conv.Filters, "(positions, filters) before the channels-first transpose");
                break;
            }
            case PoolSpec { Pool: PoolKind.Max }:
                yield return new ExtraBuffer("__idx" + layer.Index, "int", layer.Layer.Output.Size, "index of each window's maximum");
                break;
            case LstmSpec lstm:
            {
                int steps = layer.Layer.Input.Dimensions[0];
                yield return new ExtraBuffer("__z" + layer.Index, "float", steps * 4 * lstm.Units, "gates i, f, c, o after their activations, per step");
                yield return new ExtraBuffer("__c" + layer.Index, "float", steps * lstm.Units, "cell state per step");
                yield return new ExtraBuffer("__h" + layer.Index, "float", steps * lstm.Units, "hidden state per step");
                if (lstm.Stateful)
                {
                    yield return new ExtraBuffer("__h0" + layer.Index, "float", lstm.Units, "hidden state carried in from the previous batch");
                    yield return new ExtraBuffer("__c0" + layer.Index, "float", lstm.Units, "cell state carried in from the previous batch");
                }
                break;
            }
            case DropoutSpec:
                yield return new ExtraBuffer("__mask" + layer.Index, "float", layer.Layer.Output.Size, "0 or 1 / (1 - rate) per value");
                break;
        }
    }

    /// <summary>Rows [start, start + count) of an extra buffer.</summary>
    private static string ExtraRows(ExtraBuffer buffer, string start, string count) => Rows(buffer.Field, buffer.PerSample, start, count);

    /// <summary>The static geometry field a convolution or pooling layer passes to global::Unroll.Kernels.ImageKernels.</summary>
    private static string GeometryField(LayerPlan layer) => layer.MethodPrefix + "Shape";

    private static string GeometryInitializer(ImageGeometry g)
        => $"new({g.Height}, {g.Width}, {g.Channels}, {g.OutHeight}, {g.OutWidth}, {g.WindowHeight}, {g.WindowWidth}, {g.StrideHeight}, {g.StrideWidth}, {g.PadTop}, {g.PadLeft}, ChannelsFirst: {(g.ChannelsFirst ? "true" : "false")})";
}
