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

    /// <summary>One piece of a dot product's input: where it starts, how many floats, and what it adds to.</summary>
    private enum DotStep { First, Second, Half, Quarter, Scalar }

    private sealed record DotPiece(int Start, int Floats, DotStep Step);

    // The pieces EmitDenseForwardDot reads, in its order.
    private static IEnumerable<DotPiece> DotPieces(DensePlan dense, VectorWidth width)
    {
        DotTiling dot = dense.Dot!.Tiling(width);
        int floats = dot.Floats;
        for (int k = 0; k + 2 * floats <= dot.PairedEnd; k += 2 * floats)
        {
            yield return new DotPiece(k, floats, DotStep.First);
            yield return new DotPiece(k + floats, floats, DotStep.Second);
        }
        if (dot.LoneVector) yield return new DotPiece(dot.VectorEnd - floats, floats, DotStep.First);
        if (dot.HalfVector) yield return new DotPiece(dot.VectorEnd, floats / 2, DotStep.Half);
        if (dot.QuarterVector) yield return new DotPiece(dot.QuarterStart, 4, DotStep.Quarter);
        for (int k = dot.ScalarStart; k < dense.Inputs; k++) yield return new DotPiece(k, 1, DotStep.Scalar);
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

    // EmitDenseForwardDot's statements for one sample, each load of x replaced by the hidden register it would read.
    private static void EmitDotOverRegisters(SourceWriter w, DensePlan dense, VectorWidth width, Dictionary<(int Start, int Floats), string> registers)
    {
        DotTiling dot = dense.Dot!.Tiling(width);
        VectorLane lane = VectorLane.Of(dot.Width);
        EmitReference(w, "u");
        if (dot.Accumulators == 2) w.Comment("two accumulators halve the FMA dependency chain");
        for (int d = 0; d < dot.Accumulators; d++) w.Line($"{lane.Type} d{d} = {lane.Zero};");
        string Weights(VectorLane of, int start) => of.Load("ur", start.ToString(CultureInfo.InvariantCulture));
        bool summed = false;
        foreach (DotPiece piece in DotPieces(dense, width))
        {
            string x = registers[(piece.Start, piece.Floats)];
            if (piece.Step is DotStep.First or DotStep.Second)
            {
                string d = piece.Step == DotStep.First ? "d0" : "d1";
                w.Line($"{d} = {lane.FusedMultiplyAdd(x, Weights(lane, piece.Start), d)};");
                continue;
            }
            if (!summed) EmitDotSum(w, dense, dot, lane, ref summed);
            if (piece.Step == DotStep.Scalar)
                w.Line($"sum = {ScalarMath.MultiplyAdd(x, $"global::System.Runtime.CompilerServices.Unsafe.Add(ref ur, {piece.Start})", "sum")};");
            else
            {
                VectorLane part = piece.Step == DotStep.Half ? VectorLane.Of(dot.HalfWidth) : VectorLane.V128;
                w.Line($"sum += {part.Factory}.Sum({x} * {Weights(part, piece.Start)});");
            }
        }
        if (!summed) EmitDotSum(w, dense, dot, lane, ref summed);
        w.Line($"a[0] = {(dense.Epilogue == ActivationEpilogue.FusedRelu ? "global::System.MathF.Max(sum, 0f)" : "sum")};");
    }

    private static void EmitDotSum(SourceWriter w, DensePlan dense, DotTiling dot, VectorLane lane, ref bool summed)
    {
        w.Line($"float sum = {lane.Factory}.Sum({(dot.Accumulators == 2 ? "d0 + d1" : "d0")}){(dense.UseBias ? " + c[0]" : "")};");
        summed = true;
    }
}
