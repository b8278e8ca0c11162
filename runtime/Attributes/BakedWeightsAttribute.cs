namespace Unroll;

/// <summary>
/// Builds trained weights into the assembly: the network gets a static <c>CreateBaked()</c> that
/// reads them from the assembly image, with no file and no copy but the one into the network's
/// parameter buffer. List the safetensors file (from <see cref="Model.SaveWeights"/>) in the
/// project as <c>&lt;UnrollBakedWeights Include="pima.safetensors" /&gt;</c>: the package's build
/// targets embed its bytes and hand the generator its header, so tensor names and shapes are
/// checked against the network at build time.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BakedWeightsAttribute(string path) : Attribute
{
    /// <summary>The weights file, as listed in AdditionalFiles (matched by its path's ending).</summary>
    public string Path { get; } = path;
}
