namespace Unroll;

/// <summary>A 1-D convolution over (steps, channels) (Keras <c>Conv1D</c>); kernel layout (k, in, filters).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv1DAttribute(int filters, int kernelSize) : Attribute
{
    /// <summary>Output channels.</summary>
    public int Filters { get; } = filters;

    /// <summary>Kernel length.</summary>
    public int KernelSize { get; } = kernelSize;

    /// <summary>Step; 1 by default.</summary>
    public int Strides { get; set; } = 1;

    /// <summary>Valid (default) or same.</summary>
    public Padding Padding { get; set; } = Padding.Valid;

    /// <summary>Activation applied to the output; linear by default.</summary>
    public Activation Activation { get; set; } = Activation.Linear;

    /// <summary>Whether the layer adds a bias per filter.</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>Kernel initialiser; glorot_uniform by default.</summary>
    public Initializer KernelInitializer { get; set; } = Initializer.GlorotUniform;

    /// <summary>Bias initialiser; zeros by default.</summary>
    public Initializer BiasInitializer { get; set; } = Initializer.Zeros;

    /// <summary>L2 penalty factor on the kernel.</summary>
    public float L2 { get; set; }
}
