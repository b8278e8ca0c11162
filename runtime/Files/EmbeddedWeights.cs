using System.ComponentModel;
using System.Reflection;

namespace Unroll;

/// <summary>
/// The bytes of a weights file embedded in an assembly (<c>[BakedWeights]</c>). Manifest resources
/// are mapped with the assembly image, so the span points into it: nothing is read or copied.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class EmbeddedWeights
{
    /// <summary>The embedded resource <paramref name="name"/> of <paramref name="assembly"/>, without copying it where the host maps resources.</summary>
    public static unsafe ReadOnlySpan<byte> Get(Assembly assembly, string name)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using Stream stream = assembly.GetManifestResourceStream(name) ?? throw new WeightFileException(name,
            $"it is not embedded in {assembly.GetName().Name}: add <UnrollBakedWeights Include=\"…/{name}\" /> to the project.");
        if (stream is UnmanagedMemoryStream mapped)
            return new ReadOnlySpan<byte>(mapped.PositionPointer, checked((int)mapped.Length)); // valid while the assembly is loaded
        var bytes = new byte[stream.Length]; // a host that does not map resources: one copy
        stream.ReadExactly(bytes);
        return bytes;
    }
}
