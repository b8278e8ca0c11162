namespace Unroll;

/// <summary>Where the channel axis of an image is (Keras <c>data_format</c>).</summary>
public enum DataFormat
{
    /// <summary>(height, width, channels): the Keras default.</summary>
    ChannelsLast = 0,
    /// <summary>(channels, height, width).</summary>
    ChannelsFirst = 1,
}
