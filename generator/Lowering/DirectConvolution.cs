using System;

namespace Unroll.Generator.Lowering;

/// <summary>
/// Register blocking of the direct convolution (<see cref="ConvAlgorithm.Direct"/>): the forward pass
/// keeps a few adjacent output positions × a group of filter vectors in registers, the weight gradient
/// keeps a group of kernel rows × a group of filter vectors; both read the image in place, without patches.
/// </summary>
internal static class DirectConvolution
{
    /// <summary>
    /// Whether a convolution runs direct (forward and weight gradient read the image in place) rather
    /// than im2col + the generated matrix product. Measured (thread CPU time, batch 32, forward / forward +
    /// weight gradient, Vector512, conv → global max pool → Dense 10, direct vs im2col, in ms):
    /// 28×28×C → 32 filters 3×3 valid: C = 1: 0.5 / 1.4 vs 0.7 / 1.5; C = 3: 0.8 / 1.9 vs 0.9 / 2.6;
    /// C = 4: 0.8 / 4.3 vs 1.1 / 4.9; C = 8: 1.0 / 8.1 vs 3.4 / 13; C = 16: 1.9 / 12 vs 9.6 / 28;
    /// C = 32: 4.8 / 25 vs 17 / 56. No gain or a loss on small or strided images with wide inputs:
    /// 14×14×8 → 64 same 0.8 / 6.8 vs 1.2 / 4.2; 14×14×64 → 64 same 7.1 / 49 vs 12 / 51;
    /// 7×7×128 → 128 same 9.9 / 49 vs 8.9 / 17; 16×16×16 → 16 stride 2 same 0.4 / 1.9 vs 0.2 / 0.6
    /// (a row shorter than two position blocks leaves the forward blocks idle, and a patch of hundreds
    /// of rows takes that many passes over g for the weight gradient). So: channels last, and either
    /// at most 4 input channels (a patch too short for the product's blocking), or a patch of at most
    /// 288 values (3×3×32) with stride 1 and output rows of at least two position blocks.
    /// </summary>
    public static bool Applies(Shapes.ImageGeometry g)
        => !g.ChannelsFirst
           && (g.Channels <= 4
               || (g.WindowHeight * g.WindowWidth * g.Channels <= 288 && g.StrideWidth == 1 && g.OutWidth >= 2 * MaxPositions));

    /// <summary>The widths the direct kernels have a body for, widest first (the order of the run-time checks).</summary>
    public static readonly VectorWidth[] Widths = { VectorWidth.Vector512, VectorWidth.Vector256, VectorWidth.Vector128 };

    /// <summary>
    /// The widths for <paramref name="filters"/> filters: Vector512 only when the filters fill at least
    /// two whole Vector512 registers (its row tail would be scalars, where Vector256 ends with a Vector128;
    /// and one filter register makes every weight-gradient FMA wait for its own broadcast).
    /// </summary>
    public static VectorWidth[] WidthsFor(int filters)
        => filters % VectorWidth.Vector512.Floats() == 0 && filters >= 2 * VectorWidth.Vector512.Floats() ? Widths : new[] { VectorWidth.Vector256, VectorWidth.Vector128 };

    /// <summary>Input channels up to which the kernels unroll the channel loop; wider inputs loop over channels.</summary>
    public const int UnrolledChannels = 4;

    /// <summary>Filter vectors per forward column group: few, so that several positions share each weight load.</summary>
    public const int FilterVectors = 4;

    /// <summary>At most this many adjacent output positions per forward block (more only lengthens the row tail).</summary>
    public const int MaxPositions = 8;

    /// <summary>Vector registers the JIT can allocate: 32 with AVX-512 (and Arm64), 16 with AVX2 or SSE.</summary>
    public static int Registers(VectorWidth width) => width == VectorWidth.Vector512 ? 32 : 16;

    /// <summary>
    /// Adjacent output positions per forward block for a group of <paramref name="vectors"/> filter
    /// registers: positions × vectors accumulators + the vectors' weights + one broadcast fit the register file.
    /// </summary>
    public static int Positions(VectorWidth width, int vectors)
        => Math.Max(1, Math.Min(MaxPositions, (Registers(width) - 1 - vectors) / vectors));

    /// <summary>
    /// The weight gradient's filter vectors per column group and kernel rows per pass over g, chosen for
    /// the fewest passes over g (each pass reads all of g and the image): rows × vectors accumulators,
    /// the vectors of g, their bias sums and one broadcast fit the register file. Ties keep more vectors
    /// (fewer broadcasts per FMA).
    /// </summary>
    public static (int Vectors, int Rows) WeightGradientBlocking(VectorWidth width, int filterVectors, int patchRows, bool bias)
    {
        if (filterVectors == 0) return (1, Math.Min(patchRows, 8));
        int bestVectors = 1, bestRows = 1, bestPasses = int.MaxValue;
        for (int vectors = 1; vectors <= Math.Min(FilterVectors, filterVectors); vectors++)
        {
            int rows = Math.Min(patchRows, (Registers(width) - 1 - vectors * (bias ? 2 : 1)) / vectors);
            if (rows < 1) continue;
            int rowPasses = (patchRows + rows - 1) / rows;
            rows = (patchRows + rowPasses - 1) / rowPasses; // balanced: 27 rows in 3 passes of 9, not 13 + 13 + 1
            int passes = rowPasses * ((filterVectors + vectors - 1) / vectors);
            if (passes <= bestPasses)
            {
                bestVectors = vectors;
                bestRows = rows;
                bestPasses = passes;
            }
        }
        return (bestVectors, bestRows);
    }
}
