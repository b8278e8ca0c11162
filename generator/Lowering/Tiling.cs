namespace Unroll.Generator.Lowering;

/// <summary>
/// How a row of <see cref="Width"/> output columns is covered by vector registers: blocks of
/// <see cref="Tiling.BlockVectors"/> Vector256 accumulators, then the remaining Vector256s, then
/// one Vector128 for four leftover columns, then scalars. Decided at build time from the shape,
/// so the generated kernels have no run-time tail logic.
/// </summary>
internal sealed record ColumnTiling(int Width, int Blocks, int Vectors256, bool Vector128, int Scalars)
{
    /// <summary>Columns covered by full blocks.</summary>
    public int BlockColumns => Blocks * Tiling.BlockColumns;

    /// <summary>First column after the Vector256 part.</summary>
    public int Vector128Start => BlockColumns + Vectors256 * 8;

    /// <summary>Whether any columns go to vector registers; narrower rows get only the scalar kernels.</summary>
    public bool UsesVectors => Vector128Start > 0 || Vector128;

    /// <summary>First scalar column.</summary>
    public int ScalarStart => Vector128Start + (Vector128 ? 4 : 0);

    public string Describe()
    {
        var parts = new System.Collections.Generic.List<string>();
        if (Blocks > 0) parts.Add($"{Blocks} × {Tiling.BlockColumns}-column block{(Blocks > 1 ? "s" : "")} ({Tiling.BlockVectors} × Vector256)");
        if (Vectors256 > 0) parts.Add($"{Vectors256} × Vector256");
        if (Vector128) parts.Add("1 × Vector128");
        if (Scalars > 0) parts.Add($"{Scalars} scalar{(Scalars > 1 ? "s" : "")}");
        return Width + (Width == 1 ? " column = " : " columns = ") + string.Join(" + ", parts);
    }
}

/// <summary>Register-blocking decisions; pure functions of the shapes.</summary>
internal static class Tiling
{
    /// <summary>
    /// Accumulators per block: 8 of the 16 AVX2 registers, leaving room for the broadcast input
    /// and the weight loads, so the block loop never spills.
    /// </summary>
    public const int BlockVectors = 8;

    public const int BlockColumns = BlockVectors * 8;

    public static ColumnTiling Columns(int width)
    {
        int blocks = width / BlockColumns;
        int rest = width - blocks * BlockColumns;
        int vectors = rest / 8;
        rest -= vectors * 8;
        bool vector128 = rest >= 4;
        if (vector128) rest -= 4;
        return new ColumnTiling(width, blocks, vectors, vector128, rest);
    }
}
