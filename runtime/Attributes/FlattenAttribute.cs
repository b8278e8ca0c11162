namespace Unroll;

/// <summary>Flattens each sample to one axis, in row-major order of its stored layout (Keras <c>Flatten</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FlattenAttribute : Attribute;
