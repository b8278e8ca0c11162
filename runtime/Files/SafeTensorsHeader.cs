namespace Unroll;

/// <summary>
/// A parsed safetensors header: tensors by name (file order kept), the string metadata, and where
/// in the file the digits of Unroll's checksum are (-1 when the file has none).
/// </summary>
internal sealed record SafeTensorsHeader(IReadOnlyList<SafeTensor> Tensors, IReadOnlyDictionary<string, string> Metadata, int ChecksumAt)
{
    public SafeTensor? Find(string name)
    {
        foreach (SafeTensor tensor in Tensors)
            if (tensor.Name == name) return tensor;
        return null;
    }
}
