using System.ComponentModel;

namespace Unroll.Kernels;

/// <summary>
/// The geometry of a window sliding over an image (a sequence is an image of height 1): sizes,
/// strides, padding before the first row and column, and the memory layout. Generated networks
/// keep one per convolution or pooling layer and pass it to <see cref="ImageKernels"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct ImageShape(
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

    /// <summary>Values per output sample of a layer that keeps the channels (pooling).</summary>
    public int PooledSize => Positions * Channels;

    /// <summary>Values of one im2col row: the window across all channels.</summary>
    public int PatchSize => WindowHeight * WindowWidth * Channels;

    /// <summary>The input index of (row, column, channel) within one sample.</summary>
    public int InputIndex(int row, int column, int channel)
        => ChannelsFirst ? (channel * Height + row) * Width + column : (row * Width + column) * Channels + channel;

    /// <summary>The output index of (position, channel) within one sample of a pooling layer.</summary>
    public int PooledIndex(int position, int channel)
        => ChannelsFirst ? channel * Positions + position : position * Channels + channel;
}
