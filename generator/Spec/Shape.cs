using System.Linq;
using Unroll.Generator.Common;

namespace Unroll.Generator.Spec;

/// <summary>The shape of one sample (no batch axis). Prints in Keras style with the batch axis: <c>(None, 12)</c>.</summary>
internal readonly record struct Shape(EquatableArray<int> Dimensions)
{
    public static Shape Of(params int[] dimensions) => new(dimensions.ToEquatableArray());

    public int Rank => Dimensions.Count;

    /// <summary>Values per sample.</summary>
    public int Size => Dimensions.Aggregate(1, (a, d) => a * d);

    /// <summary>The last axis, the one Dense and softmax act on.</summary>
    public int Last => Dimensions[Rank - 1];

    public override string ToString() => "(None, " + string.Join(", ", Dimensions) + ")";

    /// <summary>The dimensions alone, e.g. <c>(8, 12)</c> for a kernel.</summary>
    public string Parenthesized => "(" + string.Join(", ", Dimensions) + ")";
}
