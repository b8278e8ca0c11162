namespace Unroll;

/// <summary>A fully connected layer: <c>activation(x · kernel + bias)</c>, kernel of shape (in, units).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute(int units) : Attribute
{
    /// <summary>Number of outputs.</summary>
    public int Units { get; } = units;

    /// <summary>Activation applied to the output; linear by default.</summary>
    public Activation Activation { get; set; } = Activation.Linear;

    /// <summary>Whether the layer adds a bias vector (Keras <c>use_bias</c>, default true).</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>Kernel initialiser; glorot_uniform by default.</summary>
    public Initializer KernelInitializer { get; set; } = Initializer.GlorotUniform;

    /// <summary>Bias initialiser; zeros by default.</summary>
    public Initializer BiasInitializer { get; set; } = Initializer.Zeros;

    /// <summary>L2 penalty factor on the kernel (Keras <c>kernel_regularizer=L2(l2)</c>): adds <c>L2 · Σ w²</c> to the loss.</summary>
    public float L2 { get; set; }
}
