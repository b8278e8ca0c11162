using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Unroll.Kernels;

/// <summary>Inverted dropout masks, drawn on the calling thread so a seed gives the same masks for any thread count.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DropoutKernels
{
    /// <summary>Each value: 1 / (1 − rate) with probability 1 − rate, else 0.</summary>
    public static void FillMask(Span<float> mask, float rate, SeededRandom random)
    {
        float keep = 1f / (1f - rate);
        // Four 16-bit draws per 64 random bits: a value is dropped when its draw is below rate · 2^16.
        uint threshold = (uint)Math.Round(rate * 65536.0);
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // The same draws without a branch per value (a dropped value is a coin flip the branch
            // predictor cannot learn): widen the four 16-bit draws to lanes, compare, mask the scale.
            ref float m = ref MemoryMarshal.GetReference(mask);
            Vector128<uint> thresholds = Vector128.Create(threshold);
            Vector128<float> scale = Vector128.Create(keep);
            for (; i + 4 <= mask.Length; i += 4)
            {
                Vector128<uint> draws = Vector128.WidenLower(Vector128.CreateScalarUnsafe(random.NextUInt64()).AsUInt16());
                (Vector128.GreaterThanOrEqual(draws, thresholds).AsSingle() & scale).StoreUnsafe(ref m, (nuint)i);
            }
        }
        for (; i + 4 <= mask.Length; i += 4)
        {
            ulong bits = random.NextUInt64();
            mask[i] = (uint)(bits & 0xFFFF) >= threshold ? keep : 0f;
            mask[i + 1] = (uint)((bits >> 16) & 0xFFFF) >= threshold ? keep : 0f;
            mask[i + 2] = (uint)((bits >> 32) & 0xFFFF) >= threshold ? keep : 0f;
            mask[i + 3] = (uint)(bits >> 48) >= threshold ? keep : 0f;
        }
        for (; i < mask.Length; i++)
            mask[i] = (uint)(random.NextUInt64() >> 48) >= threshold ? keep : 0f;
    }
}
