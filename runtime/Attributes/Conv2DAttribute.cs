namespace Unroll;

/// <summary>
/// A 2-D convolution (Keras <c>Conv2D</c>): <see cref="Filters"/> kernels of
/// <see cref="KernelSize"/> slide over the image; kernel layout (kh, kw, in, filters).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv2DAttribute(int filters, params int[] kernelSize) : Attribute
{
    /// <summary>Output channels.</summary>
    public int Filters { get; } = filters;

    /// <summary>(height, width) of the kernel, or one number for a square kernel.</summary>
    public int[] KernelSize { get; } = kernelSize;

    /// <summary>(vertical, horizontal) steps, or one number for both; 1 by default.</summary>
    public int[] Strides { get; set; } = [1];

    /// <summary>Valid (default) or same.</summary>
    public Padding Padding { get; set; } = Padding.Valid;

    /// <summary>Channels last (default) or first.</summary>
    public DataFormat DataFormat { get; set; } = DataFormat.ChannelsLast;

    /// <summary>Activation applied to the output; linear by default.</summary>
    public Activation Activation { get; set; } = Activation.Linear;

    /// <summary>Whether the layer adds a bias per filter.</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>Kernel initialiser; glorot_uniform by default (fans: kh·kw·in and kh·kw·filters, as Keras).</summary>
    public Initializer KernelInitializer { get; set; } = Initializer.GlorotUniform;

    /// <summary>Bias initialiser; zeros by default.</summary>
    public Initializer BiasInitializer { get; set; } = Initializer.Zeros;

    /// <summary>L2 penalty factor on the kernel.</summary>
    public float L2 { get; set; }
}
