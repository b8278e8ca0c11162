using System.Collections.Generic;
using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Shapes;

/// <summary>Walks the layers from the input, giving each its shapes and parameters, or a diagnostic where they cannot fit.</summary>
internal static class ShapeInference
{
    public static StageResult<ShapedNetwork> Infer(StageResult<NetworkSpec> parsed)
    {
        if (parsed.Value is not { } spec) return new StageResult<ShapedNetwork>(null, parsed.Diagnostics);
        var diagnostics = new List<DiagnosticInfo>(parsed.Diagnostics);
        try
        {
            ShapedNetwork? network = Infer(spec, diagnostics);
            return new StageResult<ShapedNetwork>(!diagnostics.HasErrors() ? network : null, diagnostics.ToEquatableArray());
        }
        catch (System.Exception e)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, null, spec.ClassName, e.Message));
            return new StageResult<ShapedNetwork>(null, diagnostics.ToEquatableArray());
        }
    }

    public static ShapedNetwork? Infer(NetworkSpec spec, List<DiagnosticInfo> diagnostics)
    {
        var layers = new List<ShapedLayer>();
        Shape current = spec.Input;
        if (!SizeLimits.Fits(SizeLimits.ValuesOf(current), "the input " + current, spec, spec.InputLocation, diagnostics)) return null;
        long parameters = 0, workspace = 0;
        // The last layer that fixed how an image's axes are ordered, to warn when the next one reads them the other way.
        (LayerSpec Layer, DataFormatKind Format)? layout = null;
        foreach (LayerSpec layer in spec.Layers)
        {
            ShapedLayer? shaped = layer.Accept(new LayerShapes(current, layers.Count > 0 ? layers[layers.Count - 1] : null, spec.BatchSize, diagnostics));
            if (shaped is null) return null; // later shapes would only repeat the error
            if (!FitsLimits(spec, shaped, ref parameters, ref workspace, diagnostics)) return null;
            layout = CheckDataFormat(shaped, layout, diagnostics);
            layers.Add(shaped);
            current = shaped.Output;
        }
        return layers.Count == 0 ? null : new ShapedNetwork(spec, layers.ToEquatableArray());
    }

    /// <summary>UNR0109 when a layer's output, a parameter tensor, the parameter total or the workspace per sample would not fit a buffer.</summary>
    private static bool FitsLimits(NetworkSpec spec, ShapedLayer layer, ref long parameters, ref long workspace, List<DiagnosticInfo> diagnostics)
    {
        LocationInfo? at = layer.Spec.Location;
        if (!SizeLimits.Fits(SizeLimits.ValuesOf(layer.Output), $"the output {layer.Output} of layer '{layer.Name}'", spec, at, diagnostics)) return false;
        foreach (ParameterTensor tensor in layer.Parameters)
        {
            long size = SizeLimits.ValuesOf(tensor.Shape);
            if (!SizeLimits.Fits(size, $"the parameter tensor {tensor.Name} {tensor.ShapeText}", spec, at, diagnostics)) return false;
            parameters += size;
        }
        if (!SizeLimits.Fits(parameters, $"the parameter buffer (through layer '{layer.Name}')", spec, at, diagnostics)) return false;
        if (!SizeLimits.Fits(SizeLimits.StatePerBatch(layer, spec.BatchSize), $"the state of layer '{layer.Name}' (batch size × units)", spec, at, diagnostics)) return false;
        workspace += SizeLimits.WorkspacePerSample(layer, spec.BatchSize);
        return SizeLimits.Fits(workspace, $"the workspace per sample (through layer '{layer.Name}')", spec, at, diagnostics);
    }

    /// <summary>
    /// UNR0108 (a warning) when a 2-D convolution or pooling layer reads an image in the other data
    /// format than the layer that wrote it; returns the layout that holds after this layer.
    /// </summary>
    private static (LayerSpec Layer, DataFormatKind Format)? CheckDataFormat(ShapedLayer layer, (LayerSpec Layer, DataFormatKind Format)? layout, List<DiagnosticInfo> diagnostics)
    {
        DataFormatKind? format = layer.Spec.Accept(ImageFormatRead.Instance);
        if (format is { } reads && layout is { } written && written.Format != reads)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DataFormatMismatch, layer.Spec.Location,
                layer.Name, layer.Spec.KerasType, FormatName(reads), written.Layer.Name, written.Layer.KerasType, FormatName(written.Format)));
        // Only an image (rank 3) has a layout to keep track of: a flattening or global pooling ends it.
        if (layer.Output.Rank != 3) return null;
        return format is { } f ? (layer.Spec, f) : layout;
    }

    private static string FormatName(DataFormatKind format) => format == DataFormatKind.ChannelsFirst ? "channels_first" : "channels_last";
}
