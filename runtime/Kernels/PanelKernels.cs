using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Unroll.Kernels;

/// <summary>Packing of weight panels that the generated kernels call (the straight copies they write inline).</summary>
public static class PanelKernels
{
    /// <summary>
    /// A panel of Bᵀ's columns packed from B's rows: <c>panel[k · width + c] = source[c · stride + k]</c>
    /// for k &lt; <paramref name="steps"/>, c &lt; <paramref name="width"/>. The input gradient g · Wᵀ of a
    /// large Dense reads its panels of Wᵀ this way, from W itself, instead of from a transposed copy
    /// of W made every training step. Register tiles (16 × 16 with AVX-512, 8 × 8 with AVX) where
    /// both sides allow, element by element for the rest; only the order of the copies differs, so
    /// the panel is the same on every path.
    /// </summary>
    /// <param name="source">B's row of the panel's first column, at its first reduction step.</param>
    /// <param name="stride">Floats from one row of B (one column of the panel) to the next.</param>
    /// <param name="panel">The panel's first float; its rows are <paramref name="width"/> floats apart.</param>
    /// <param name="width">Columns of the panel (rows of B it reads).</param>
    /// <param name="steps">Rows of the panel (reduction steps, contiguous in each row of B).</param>
    public static void PackTransposed(ref float source, int stride, ref float panel, int width, int steps)
    {
        int tiledSteps = 0, tiledColumns = 0;
        if (Avx512F.IsSupported && KernelSettings.UseVector512 && width >= 16 && steps >= 16)
        {
            tiledSteps = steps & ~15;
            tiledColumns = width & ~15;
            for (int c = 0; c < tiledColumns; c += 16)
                for (int k = 0; k < tiledSteps; k += 16)
                    TransposeTiles.Tile16(ref Unsafe.Add(ref source, c * stride + k), (nuint)stride, ref Unsafe.Add(ref panel, k * width + c), (nuint)width);
        }
        else if (Avx.IsSupported && KernelSettings.UseVector256 && width >= 8 && steps >= 8)
        {
            tiledSteps = steps & ~7;
            tiledColumns = width & ~7;
            for (int c = 0; c < tiledColumns; c += 8)
                for (int k = 0; k < tiledSteps; k += 8)
                    TransposeTiles.Tile8(ref Unsafe.Add(ref source, c * stride + k), (nuint)stride, ref Unsafe.Add(ref panel, k * width + c), (nuint)width);
        }
        // The columns past the tiles, every step; then the steps past the tiles, for the tiled columns.
        for (int c = tiledColumns; c < width; c++)
        {
            ref float row = ref Unsafe.Add(ref source, c * stride);
            for (int k = 0; k < steps; k++)
                Unsafe.Add(ref panel, k * width + c) = Unsafe.Add(ref row, k);
        }
        for (int c = 0; c < tiledColumns; c++)
        {
            ref float row = ref Unsafe.Add(ref source, c * stride);
            for (int k = tiledSteps; k < steps; k++)
                Unsafe.Add(ref panel, k * width + c) = Unsafe.Add(ref row, k);
        }
    }
}
