using Unroll.Generator.Spec;

namespace Unroll.Generator.Shapes;

/// <summary>
/// The geometry of a window sliding over an image: sizes, strides, the padding before the first
/// row and column, and where height, width and channel sit in memory. A sequence (steps, channels)
/// is an image of height 1. Shared by convolution and pooling, shapes and kernels.
/// </summary>
internal sealed record ImageGeometry(
    int Height, int Width, int Channels,
    int OutHeight, int OutWidth,
    int WindowHeight, int WindowWidth,
    int StrideHeight, int StrideWidth,
    int PadTop, int PadLeft,
    bool ChannelsFirst)
{
    /// <summary>Output positions per channel.</summary>
    public int Positions => OutHeight * OutWidth;

    /// <summary>Values per input sample.</summary>
    public int InputSize => Height * Width * Channels;

    /// <summary>
    /// (height, width, channels) of an input of the given rank: rank 3 images in either format,
    /// rank 2 sequences (steps, channels); null for any other rank.
    /// </summary>
    public static (int H, int W, int C)? Dimensions(Shape input, int rank, DataFormatKind format)
    {
        if (rank == 1)
            return input.Rank == 2 ? (1, input.Dimensions[0], input.Dimensions[1]) : null;
        if (input.Rank != 3) return null;
        return format == DataFormatKind.ChannelsFirst
            ? (input.Dimensions[1], input.Dimensions[2], input.Dimensions[0])
            : (input.Dimensions[0], input.Dimensions[1], input.Dimensions[2]);
    }

    /// <summary>Keras output length and padding before: valid floor((n − k) / s) + 1; same ceil(n / s), extra padding after.</summary>
    public static (int Out, int PadBefore) Axis(int size, int window, int stride, PaddingKind padding)
    {
        if (padding == PaddingKind.Valid)
            return (size >= window ? (size - window) / stride + 1 : 0, 0);
        int output = (size + stride - 1) / stride;
        int total = System.Math.Max((output - 1) * stride + window - size, 0);
        return (output, total / 2);
    }

    public static ImageGeometry Of(int h, int w, int c, int kh, int kw, int sh, int sw, PaddingKind padding, DataFormatKind format)
    {
        (int oh, int top) = Axis(h, kh, sh, padding);
        (int ow, int left) = Axis(w, kw, sw, padding);
        return new ImageGeometry(h, w, c, oh, ow, kh, kw, sh, sw, top, left, format == DataFormatKind.ChannelsFirst);
    }

    /// <summary>The output shape with <paramref name="channels"/> channels, in the layer's format and rank.</summary>
    public Shape OutputShape(int rank, int channels)
        => rank == 1 ? Shape.Of(OutWidth, channels)
           : ChannelsFirst ? Shape.Of(channels, OutHeight, OutWidth) : Shape.Of(OutHeight, OutWidth, channels);
}
