using System;
using System.Collections.Generic;
using System.Linq;
using Unroll.Generator.Lowering;

namespace Unroll.Generator.Emitting;

/// <summary>One run of accumulators over adjacent columns: <see cref="Count"/> registers of <see cref="Lane"/>, starting at column <see cref="Start"/>.</summary>
internal sealed record ColumnGroup(VectorLane Lane, int Count, string Start)
{
    /// <summary>The column of accumulator <paramref name="i"/> as a C# expression, folded when constant.</summary>
    public string Column(int i)
    {
        int delta = i * Lane.Width;
        if (int.TryParse(Start, out int start)) return (start + delta).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return delta == 0 ? Start : $"{Start} + {delta}";
    }

    /// <summary><c>k * 12 + 8</c>, folded where possible.</summary>
    public string Offset(string rowStart, int i)
    {
        string column = Column(i);
        return rowStart.Length == 0 ? column : column == "0" ? rowStart : $"{rowStart} + {column}";
    }
}

internal static class ColumnGroups
{
    /// <summary>
    /// Writes <paramref name="body"/> once per group of a tiled row: a loop over full blocks
    /// (column variable <c>j</c>), then the remaining Vector256s, the Vector128 and the scalars.
    /// </summary>
    public static void Emit(SourceWriter writer, ColumnTiling tiling, Action<ColumnGroup> body)
    {
        if (tiling.Blocks == 1)
        {
            writer.Comment($"columns [0, {tiling.BlockWidth}): one block of {tiling.BlockVectors} × Vector256");
            using (writer.Block(""))
                body(new ColumnGroup(VectorLane.V256, tiling.BlockVectors, "0"));
        }
        else if (tiling.Blocks > 1)
        {
            writer.Comment($"columns [0, {tiling.BlockColumns}): {tiling.Blocks} blocks of {tiling.BlockVectors} × Vector256");
            using (writer.Block($"for (int j = 0; j < {tiling.BlockColumns}; j += {tiling.BlockWidth})"))
                body(new ColumnGroup(VectorLane.V256, tiling.BlockVectors, "j"));
        }
        EmitGroups(writer, Tail(tiling), body);
    }

    /// <summary>Writes <paramref name="body"/> for the Vector128 and scalar columns of a tiled row only.</summary>
    public static void EmitTailColumns(SourceWriter writer, ColumnTiling tiling, Action<ColumnGroup> body)
        => EmitGroups(writer, Tail(tiling).Where(g => g.Lane != VectorLane.V256), body);

    private static void EmitGroups(SourceWriter writer, IEnumerable<ColumnGroup> groups, Action<ColumnGroup> body)
    {
        foreach (ColumnGroup group in groups)
        {
            int start = int.Parse(group.Start);
            writer.Comment($"columns [{start}, {start + group.Count * group.Lane.Width}): {group.Count} × {group.Lane.Name}");
            using (writer.Block(""))
                body(group);
        }
    }

    private static IEnumerable<ColumnGroup> Tail(ColumnTiling tiling)
    {
        if (tiling.Vectors256 > 0) yield return new ColumnGroup(VectorLane.V256, tiling.Vectors256, tiling.BlockColumns.ToString());
        if (tiling.Vector128) yield return new ColumnGroup(VectorLane.V128, 1, tiling.Vector128Start.ToString());
        if (tiling.Scalars > 0) yield return new ColumnGroup(VectorLane.Scalar, tiling.Scalars, tiling.ScalarStart.ToString());
    }
}
