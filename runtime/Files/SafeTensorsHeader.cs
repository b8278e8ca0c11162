namespace Unroll;

/// <summary>A parsed safetensors header: tensors by name (file order kept) and the string metadata.</summary>
internal sealed record SafeTensorsHeader(IReadOnlyList<SafeTensor> Tensors, IReadOnlyDictionary<string, string> Metadata)
{
    public SafeTensor? Find(string name)
    {
        foreach (SafeTensor tensor in Tensors)
            if (tensor.Name == name) return tensor;
        return null;
    }
}
