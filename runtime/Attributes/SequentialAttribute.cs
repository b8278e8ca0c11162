namespace Unroll;

/// <summary>
/// Marks a <c>partial</c> class as a Keras-style sequential network. The layers are the
/// <see cref="InputAttribute"/> followed by the layer attributes in declaration order; the
/// Unroll generator emits the network's code into the other half of the partial class.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SequentialAttribute : Attribute;
