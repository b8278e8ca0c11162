namespace Unroll;

/// <summary>A layer that applies an activation function to its input (Keras <c>Activation</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ActivationAttribute(Activation activation) : Attribute
{
    /// <summary>The function applied.</summary>
    public Activation Function { get; } = activation;
}
