using System.ComponentModel;
using System.Globalization;

namespace Unroll.Kernels;

/// <summary>Embedding lookup and its gradient, called by generated networks.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class EmbeddingKernels
{
    /// <summary>Copies row <c>id</c> of <paramref name="embeddings"/> for every id; ids must be whole numbers in [0, vocabulary).</summary>
    public static void Forward(ReadOnlySpan<float> ids, ReadOnlySpan<float> embeddings, Span<float> output, int vocabulary, int width)
    {
        for (int t = 0; t < ids.Length; t++)
            embeddings.Slice(Id(ids, t, vocabulary) * width, width).CopyTo(output.Slice(t * width, width));
    }

    /// <summary>Writes the embedding gradient: each id's row is the sum of the output gradients at its positions.</summary>
    public static void Backward(ReadOnlySpan<float> ids, ReadOnlySpan<float> outputGradient, Span<float> embeddingGradient, int vocabulary, int width)
    {
        embeddingGradient.Clear();
        for (int t = 0; t < ids.Length; t++)
        {
            Span<float> row = embeddingGradient.Slice(Id(ids, t, vocabulary) * width, width);
            System.Numerics.Tensors.TensorPrimitives.Add(row, outputGradient.Slice(t * width, width), row);
        }
    }

    private static int Id(ReadOnlySpan<float> ids, int position, int vocabulary)
    {
        float id = ids[position];
        if (!(id >= 0 && id < vocabulary) || id != MathF.Floor(id))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Token id {id} at position {position} of the batch is not a whole number in [0, {vocabulary}): the Embedding has {vocabulary} rows."));
        return (int)id;
    }
}
