using System.ComponentModel;

namespace Unroll.Kernels;

/// <summary>Inverted dropout masks, drawn on the calling thread so a seed gives the same masks for any thread count.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DropoutKernels
{
    /// <summary>Each value: 1 / (1 − rate) with probability 1 − rate, else 0.</summary>
    public static void FillMask(Span<float> mask, float rate, SeededRandom random)
    {
        float keep = 1f / (1f - rate);
        for (int i = 0; i < mask.Length; i++)
            mask[i] = random.NextDouble() >= rate ? keep : 0f;
    }
}
