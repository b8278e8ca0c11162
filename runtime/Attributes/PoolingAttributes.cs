namespace Unroll;

/// <summary>Maximum over windows of an image (Keras <c>MaxPooling2D</c>); pool (2, 2) and strides = pool by default.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPooling2DAttribute(params int[] poolSize) : Attribute
{
    /// <summary>(height, width) of the window, or one number for both; 2 when empty.</summary>
    public int[] PoolSize { get; } = poolSize;

    /// <summary>Steps; the pool size when empty.</summary>
    public int[] Strides { get; set; } = [];

    /// <summary>Valid (default) or same.</summary>
    public Padding Padding { get; set; } = Padding.Valid;

    /// <summary>Channels last (default) or first.</summary>
    public DataFormat DataFormat { get; set; } = DataFormat.ChannelsLast;
}

/// <summary>Mean over windows of an image (Keras <c>AveragePooling2D</c>); with same padding the mean counts only real cells.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AveragePooling2DAttribute(params int[] poolSize) : Attribute
{
    /// <summary>(height, width) of the window, or one number for both; 2 when empty.</summary>
    public int[] PoolSize { get; } = poolSize;

    /// <summary>Steps; the pool size when empty.</summary>
    public int[] Strides { get; set; } = [];

    /// <summary>Valid (default) or same.</summary>
    public Padding Padding { get; set; } = Padding.Valid;

    /// <summary>Channels last (default) or first.</summary>
    public DataFormat DataFormat { get; set; } = DataFormat.ChannelsLast;
}

/// <summary>Maximum over steps of a sequence (Keras <c>MaxPooling1D</c>); pool 2 and strides = pool by default.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPooling1DAttribute(int poolSize = 2) : Attribute
{
    /// <summary>Window length.</summary>
    public int PoolSize { get; } = poolSize;

    /// <summary>Step; the pool size when 0.</summary>
    public int Strides { get; set; }

    /// <summary>Valid (default) or same.</summary>
    public Padding Padding { get; set; } = Padding.Valid;
}

/// <summary>Mean over height and width per channel (Keras <c>GlobalAveragePooling2D</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalAveragePooling2DAttribute : Attribute
{
    /// <summary>Channels last (default) or first.</summary>
    public DataFormat DataFormat { get; set; } = DataFormat.ChannelsLast;
}

/// <summary>Maximum over height and width per channel (Keras <c>GlobalMaxPooling2D</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalMaxPooling2DAttribute : Attribute
{
    /// <summary>Channels last (default) or first.</summary>
    public DataFormat DataFormat { get; set; } = DataFormat.ChannelsLast;
}

/// <summary>Mean over the steps of a sequence per channel (Keras <c>GlobalAveragePooling1D</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalAveragePooling1DAttribute : Attribute;
