namespace Unroll;

/// <summary>
/// Declares the network from a Keras architecture file instead of layer attributes: the JSON of
/// Keras's <c>model.to_json()</c> (or of <see cref="Model.ToJson"/>), or a TensorFlow.js layers
/// model's <c>model.json</c>. The file must be in the project's <c>AdditionalFiles</c>; the
/// generator reads it at build time and reports a diagnostic for anything Unroll does not support.
/// Layer names are Keras's automatic ones (dense, dense_1, …), as with attributes.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class KerasModelAttribute(string path) : Attribute
{
    /// <summary>The file, as listed in AdditionalFiles (matched by its path's ending, e.g. <c>models/pima.json</c>).</summary>
    public string Path { get; } = path;
}
