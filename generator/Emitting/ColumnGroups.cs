using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Unroll.Generator.Lowering;

namespace Unroll.Generator.Emitting;

/// <summary>
/// One run of accumulators over adjacent columns: <see cref="Count"/> registers of <see cref="Lane"/>,
/// starting at column <see cref="Start"/>, or at the loop variable <see cref="Variable"/> when the group is a loop over blocks.
/// </summary>
internal sealed record ColumnGroup(VectorLane Lane, int Count, int Start, string? Variable = null)
{
    /// <summary>The column of accumulator <paramref name="i"/> as a C# expression, folded when constant.</summary>
    public string Column(int i)
    {
        int delta = i * Lane.Width;
        if (Variable is null) return (Start + delta).ToString(CultureInfo.InvariantCulture);
        return delta == 0 ? Variable : $"{Variable} + {delta.ToString(CultureInfo.InvariantCulture)}";
    }
}

/// <summary>
/// Part <see cref="Part"/> of <see cref="Parts"/> (C# expressions) of a tiled row's columns, for one
/// thread: a share of the full blocks, and the columns after them with the last part. Each column
/// keeps the group (and so the code) it has in the whole row.
/// </summary>
internal sealed record ColumnSplit(string Part, string Parts);

internal static class ColumnGroups
{
    /// <summary>
    /// Writes <paramref name="body"/> once per group of a tiled row: a loop over full blocks
    /// (column variable <c>j</c>), then the remaining full vectors, the half (and quarter) vector and the scalars.
    /// </summary>
    /// <param name="split">Only this part's columns; all of them when null.</param>
    public static void Emit(SourceWriter writer, ColumnTiling tiling, Action<ColumnGroup> body, ColumnSplit? split = null)
    {
        VectorLane lane = VectorLane.Of(tiling.Lane);
        if (split is not null)
        {
            EmitPart(writer, tiling, body, split);
            return;
        }
        if (tiling.Blocks == 1)
        {
            writer.Comment($"columns [0, {tiling.BlockWidth}): one block of {tiling.BlockVectors} × {tiling.Lane}");
            using (writer.Block(""))
                body(new ColumnGroup(lane, tiling.BlockVectors, 0));
        }
        else if (tiling.Blocks > 1)
        {
            writer.Comment($"columns [0, {tiling.BlockColumns}): {tiling.Blocks} blocks of {tiling.BlockVectors} × {tiling.Lane}");
            using (writer.Block($"for (int j = 0; j < {tiling.BlockColumns}; j += {tiling.BlockWidth})"))
                body(new ColumnGroup(lane, tiling.BlockVectors, 0, "j"));
        }
        EmitGroups(writer, Tail(tiling), body);
    }

    /// <summary>Writes <paramref name="body"/> for the columns after the full vectors of a tiled row only (half and quarter vectors and scalars).</summary>
    public static void EmitTailColumns(SourceWriter writer, ColumnTiling tiling, Action<ColumnGroup> body, ColumnSplit? split = null)
    {
        var groups = Tail(tiling).Where(g => g.Start >= tiling.HalfVectorStart).ToList();
        if (split is null)
        {
            EmitGroups(writer, groups, body);
            return;
        }
        if (groups.Count == 0) return;
        using (writer.Block($"if ({split.Part} == {split.Parts} - 1)"))
            EmitGroups(writer, groups, body);
    }

    /// <summary>The columns [Start, End) (C# expressions) the loop over full blocks covers: all of them, or the part's share.</summary>
    public static (string Start, string End) BlockRange(ColumnTiling tiling, ColumnSplit? split)
    {
        if (split is null) return ("0", tiling.BlockColumns.ToString(CultureInfo.InvariantCulture));
        string Boundary(string part) => $"{tiling.Blocks} * {part} / {split.Parts} * {tiling.BlockWidth}";
        return (Boundary(split.Part), Boundary($"({split.Part} + 1)"));
    }

    // Blocks [Blocks · part / parts, Blocks · (part + 1) / parts), then the last part takes the rest of the row.
    private static void EmitPart(SourceWriter writer, ColumnTiling tiling, Action<ColumnGroup> body, ColumnSplit split)
    {
        if (tiling.Blocks > 0)
        {
            var (start, end) = BlockRange(tiling, split);
            writer.Comment($"this part's share of the {tiling.Blocks} blocks of {tiling.BlockVectors} × {tiling.Lane} over columns [0, {tiling.BlockColumns})");
            using (writer.Block($"for (int j = {start}; j < {end}; j += {tiling.BlockWidth})"))
                body(new ColumnGroup(VectorLane.Of(tiling.Lane), tiling.BlockVectors, 0, "j"));
        }
        var tail = Tail(tiling).ToList();
        if (tail.Count == 0) return;
        writer.Comment($"columns [{tiling.BlockColumns}, {tiling.Width}) with the last part");
        using (writer.Block($"if ({split.Part} == {split.Parts} - 1)"))
            EmitGroups(writer, tail, body);
    }

    private static void EmitGroups(SourceWriter writer, IEnumerable<ColumnGroup> groups, Action<ColumnGroup> body)
    {
        foreach (ColumnGroup group in groups)
        {
            writer.Comment($"columns [{group.Start}, {group.Start + group.Count * group.Lane.Width}): {group.Count} × {group.Lane.Name}");
            using (writer.Block(""))
                body(group);
        }
    }

    /// <summary>
    /// The groups <see cref="Emit(SourceWriter, ColumnTiling, Action{ColumnGroup}, ColumnSplit?)"/> writes, in
    /// order, when every column is a constant (at most one full block, so no loop over blocks); else null.
    /// </summary>
    public static IReadOnlyList<ColumnGroup>? Fixed(ColumnTiling tiling)
    {
        if (tiling.Blocks > 1) return null;
        var groups = new List<ColumnGroup>();
        if (tiling.Blocks == 1) groups.Add(new ColumnGroup(VectorLane.Of(tiling.Lane), tiling.BlockVectors, 0));
        groups.AddRange(Tail(tiling));
        return groups;
    }

    private static IEnumerable<ColumnGroup> Tail(ColumnTiling tiling)
    {
        if (tiling.Vectors > 0) yield return new ColumnGroup(VectorLane.Of(tiling.Lane), tiling.Vectors, tiling.BlockColumns);
        if (tiling.HalfVector) yield return new ColumnGroup(VectorLane.Of(tiling.HalfLane), 1, tiling.HalfVectorStart);
        if (tiling.QuarterVector) yield return new ColumnGroup(VectorLane.V128, 1, tiling.QuarterVectorStart);
        if (tiling.Scalars > 0) yield return new ColumnGroup(VectorLane.Scalar, tiling.Scalars, tiling.ScalarStart);
    }
}
