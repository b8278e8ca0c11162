namespace Unroll;

/// <summary>
/// Builds trained weights into the assembly: the network gets a static <c>CreateBaked()</c> that
/// reads them in place from the assembly image (read-only: no file, no stream, no copy), or
/// <c>CreateBaked(trainable: true)</c> for a writable copy. List the safetensors file (from
/// <see cref="Model.SaveWeights"/>) in the project as
/// <c>&lt;UnrollBakedWeights Include="pima.safetensors" /&gt;</c>: the package's build targets
/// compile its bytes in as static data and hand the generator its header, so tensor names and
/// shapes are checked against the network at build time.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BakedWeightsAttribute(string path) : Attribute
{
    /// <summary>The weights file, as listed in AdditionalFiles (matched by its path's ending).</summary>
    public string Path { get; } = path;
}
