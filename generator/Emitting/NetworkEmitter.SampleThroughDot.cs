using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Unroll.Generator.Lowering;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Emitting;

internal static partial class NetworkEmitter
{
    /// <summary>
    /// For PredictSample: a small hidden Dense (<see cref="DensePlan.UnrollsSingleSample"/>, relu or
    /// linear) right below a one-unit Dense (a dot product) runs as one kernel that keeps the hidden
    /// row in registers for the dot product, instead of storing it to its workspace row and loading it
    /// back. Only when, at every width, each piece the dot product reads (its vectors, half and quarter
    /// vector and scalars) is exactly one of the hidden row's registers, so its operations are the two
    /// kernels' own and the bits are a batch of one's. The pair of plans, or null.
    /// </summary>
    private static (DensePlan Hidden, DensePlan Dot)? SampleThroughDot(LayerPlan layer, LayerPlan next)
    {
        if (layer.IsOutput || layer.Kind is not DensePlan { UnrollsSingleSample: true, Epilogue: ActivationEpilogue.None or ActivationEpilogue.FusedRelu } hidden) return null;
        if (PackedPanels.Of(layer) is not null || PackedPanels.Of(next) is not null) return null; // (small layers pack none; the scalar path calls Forward without panels)
        if (next.Kind is not DensePlan { Dot: not null, RowsPerSample: 1 } dot || dot.Inputs != hidden.Units) return null;
        foreach (VectorWidth width in FusedWidths(hidden, dot))
        {
            var registers = HiddenRegisters(hidden, BodyWidth(hidden, width));
            if (registers is null || DotPieces(dot, BodyWidth(dot, width)).Any(piece => !registers.ContainsKey((piece.Start, piece.Floats))))
                return null;
        }
        return (hidden, dot);
    }

    /// <summary>The kernel prefixes of the small Dense layers PredictSample runs through ForwardSample: those not fused with a dot product above.</summary>
    private static HashSet<string> SampleKernelsCalled(KernelPlan plan)
    {
        var called = new HashSet<string>();
        for (int i = 0; i < plan.Layers.Count; i++)
        {
            if (plan.Layers[i].Kind is not DensePlan { UnrollsSingleSample: true } dense) continue;
            if (i + 1 < plan.Layers.Count && SampleThroughDot(plan.Layers[i], plan.Layers[i + 1]) is not null) continue;
            called.Add(dense.KernelPrefix);
        }
        return called;
    }

    private static string SampleThroughDotName(DensePlan hidden, DensePlan dot)
        => $"{hidden.KernelPrefix}Through{dot.KernelPrefix.Substring(GeneratedNames.Private.Length)}Sample";

    // The widths either kernel has a body for, widest first.
    private static IEnumerable<VectorWidth> FusedWidths(DensePlan hidden, DensePlan dot)
        => VectorWidths.All.Where(width => hidden.ForwardWidths.Contains(width) || dot.ForwardWidths.Contains(width));

    // The body a kernel runs when the widest allowed width is `width`: its first body no wider.
    private static VectorWidth BodyWidth(DensePlan dense, VectorWidth width)
        => dense.ForwardWidths.First(body => (int)body <= (int)width);

    // The hidden row's registers at a width, by (first column, floats): a local's name; null when a
    // group loops over blocks (its columns are not constants).
    private static Dictionary<(int Start, int Floats), string>? HiddenRegisters(DensePlan hidden, VectorWidth width)
    {
        var groups = ColumnGroups.Fixed(hidden.Forward.Tiling(width).SingleRows);
        if (groups is null) return null;
        var registers = new Dictionary<(int, int), string>();
        foreach (ColumnGroup group in groups)
            for (int v = 0; v < group.Count; v++)
            {
                int column = group.Start + v * group.Lane.Width;
                registers[(column, group.Lane.Width)] = HiddenRegister(column);
            }
        return registers;
    }

    private static string HiddenRegister(int column) => "hidden" + column.ToString(CultureInfo.InvariantCulture);

    // The pieces of its input EmitDenseForwardDot reads at a width, as (first column, floats), in its order.
    private static IEnumerable<(int Start, int Floats)> DotPieces(DensePlan dense, VectorWidth width)
    {
        DotTiling dot = dense.Dot!.Tiling(width);
        int floats = dot.Floats;
        for (int k = 0; k < dot.PairedEnd; k += floats) yield return (k, floats);
        if (dot.LoneVector) yield return (dot.VectorEnd - floats, floats);
        if (dot.HalfVector) yield return (dot.VectorEnd, floats / 2);
        if (dot.QuarterVector) yield return (dot.QuarterStart, 4);
        for (int k = dot.ScalarStart; k < dense.Inputs; k++) yield return (k, 1);
    }

    /// <summary>
    /// The fused kernel of <see cref="SampleThroughDot"/>: the hidden layer's ForwardSample code with
    /// each finished register kept in a local, then the dot layer's Forward code for one sample
    /// reading those locals where it would load x. The scalar path calls the two Forward kernels with one row.
    /// </summary>
    private static void EmitSampleThroughDot(SourceWriter w, DensePlan hidden, DensePlan dot)
    {
        w.Comment($"One sample (PredictSample) through Dense {hidden.Inputs} -> {hidden.Units} and the one-unit Dense above it: the hidden row stays in");
        w.Comment("registers for the dot product (ForwardSample's operations, then Forward's dot product: the same bits).");
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        using (w.Block($"private static void {SampleThroughDotName(hidden, dot)}(global::System.ReadOnlySpan<float> x, global::System.ReadOnlySpan<float> w, global::System.ReadOnlySpan<float> b, global::System.Span<float> h, global::System.ReadOnlySpan<float> u, global::System.ReadOnlySpan<float> c, global::System.Span<float> a)"))
        {
            EmitPaths(w, true, "",
                width =>
                {
                    VectorWidth hiddenWidth = BodyWidth(hidden, width), dotWidth = BodyWidth(dot, width);
                    Dictionary<(int Start, int Floats), string> registers = HiddenRegisters(hidden, hiddenWidth)!;
                    foreach (ColumnGroup group in ColumnGroups.Fixed(hidden.Forward.Tiling(hiddenWidth).SingleRows)!)
                        for (int v = 0; v < group.Count; v++)
                            w.Line($"{group.Lane.Type} {HiddenRegister(group.Start + v * group.Lane.Width)};");
                    EmitReference(w, "x");
                    EmitReference(w, "w");
                    if (hidden.UseBias) EmitReference(w, "b");
                    GemmEmitter.EmitSingleRow(w, hidden.Forward, new ProductOperands("xr", "wr", "", hidden.UseBias ? "br" : null), hiddenWidth,
                        (group, v, value) => $"{HiddenRegister(group.Start + v * group.Lane.Width)} = {value};");
                    EmitDotOverRegisters(w, dot, dotWidth, registers);
                },
                () =>
                {
                    w.Line($"{hidden.KernelPrefix}Forward(x, w, b, h, 1);");
                    w.Line($"{dot.KernelPrefix}Forward(h, u, c, a, 1);");
                    w.Line("return;");
                },
                FusedWidths(hidden, dot).ToList());
            if (dot.Epilogue == ActivationEpilogue.SharedKernel)
                w.Line($"global::Unroll.Kernels.ActivationKernels.Forward(global::Unroll.Activation.{KerasNames.Member(dot.Activation)}, a.Slice(0, 1), 1);");
        }
    }

    // EmitDenseForwardDot's statements for one sample, its paired loop written out, each load of x
    // replaced by the hidden register it would read.
    private static void EmitDotOverRegisters(SourceWriter w, DensePlan dense, VectorWidth width, Dictionary<(int Start, int Floats), string> registers)
    {
        DotTiling dot = dense.Dot!.Tiling(width);
        VectorLane lane = VectorLane.Of(dot.Width);
        string X(VectorLane piece, int start) => registers[(start, piece.Width)];
        EmitReference(w, "u");
        if (dot.Accumulators == 2) w.Comment("two accumulators halve the FMA dependency chain");
        for (int d = 0; d < dot.Accumulators; d++) w.Line($"{lane.Type} d{d} = {lane.Zero};");
        for (int k = 0; k + 2 * lane.Width <= dot.PairedEnd; k += 2 * lane.Width)
        {
            w.Line($"d0 = {lane.FusedMultiplyAdd(X(lane, k), lane.Load("ur", k.ToString(CultureInfo.InvariantCulture)), "d0")};");
            w.Line($"d1 = {lane.FusedMultiplyAdd(X(lane, k + lane.Width), lane.Load("ur", (k + lane.Width).ToString(CultureInfo.InvariantCulture)), "d1")};");
        }
        EmitDotAfterPairs(w, dense, dot, X, "ur", "c[0]", "a[0]");
    }
}
