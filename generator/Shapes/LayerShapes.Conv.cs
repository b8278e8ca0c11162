using System.Collections.Generic;
using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Shapes;

internal sealed partial class LayerShapes
{
    /// <summary>Conv2D (H, W, C) → (OH, OW, F) (or channels first); Conv1D (L, C) → (OL, F). Kernel (kh, kw, C, F) / (k, C, F).</summary>
    public ShapedLayer? Conv(ConvSpec conv)
    {
        string name = conv.Name;
        if (ImageGeometry.Dimensions(input, conv.Rank, conv.DataFormat) is not var (h, w, c))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongInputRank, conv.Location, name, conv.KerasType, ExpectedInput(conv.Rank, conv.DataFormat), input));
            return null;
        }
        ImageGeometry g = ImageGeometry.Of(h, w, c, conv.KernelHeight, conv.KernelWidth, conv.StrideHeight, conv.StrideWidth, conv.Padding, conv.DataFormat);
        if (!CheckPositions(name, conv, g, conv.Rank, conv.Padding, input, diagnostics)) return null;
        Shape output = g.OutputShape(conv.Rank, conv.Filters);
        CheckSoftmax(name, conv, conv.Activation, output, diagnostics);
        int receptive = conv.KernelHeight * conv.KernelWidth;
        Shape kernel = conv.Rank == 1 ? Shape.Of(conv.KernelWidth, c, conv.Filters) : Shape.Of(conv.KernelHeight, conv.KernelWidth, c, conv.Filters);
        var parameters = new List<ParameterTensor>
        {
            // Keras fans for convolutions: receptive field × input channels, receptive field × filters.
            new(name + "/kernel", kernel, conv.KernelInitializer, receptive * c, receptive * conv.Filters),
        };
        if (conv.UseBias)
            parameters.Add(new(name + "/bias", Shape.Of(conv.Filters), conv.BiasInitializer, receptive * c, receptive * conv.Filters));
        return new ShapedLayer(name, conv, input, output, parameters.ToEquatableArray());
    }

    private static string ExpectedInput(int rank, DataFormatKind format)
        => rank == 1 ? "(None, steps, channels)"
           : format == DataFormatKind.ChannelsFirst ? "(None, channels, height, width)" : "(None, height, width, channels)";

    private static bool CheckPositions(string name, LayerSpec layer, ImageGeometry g, int rank, PaddingKind padding, Shape input, List<DiagnosticInfo> diagnostics)
    {
        if (g.OutHeight > 0 && g.OutWidth > 0) return true;
        string window = rank == 1 ? $"{g.WindowWidth}" : $"({g.WindowHeight}, {g.WindowWidth})";
        string strides = rank == 1 ? $"{g.StrideWidth}" : $"({g.StrideHeight}, {g.StrideWidth})";
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoOutputPositions, layer.Location, name, layer.KerasType, window, strides, padding.ToString().ToLowerInvariant(), input));
        return false;
    }
}
