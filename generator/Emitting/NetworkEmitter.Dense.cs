using System;
using System.Linq;
using Unroll.Generator.Lowering;
using Unroll.Generator.Shapes;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Emitting;

internal static partial class NetworkEmitter
{
    /// <summary>Layers with the same shapes, activation and bias share one pair of kernels, named after the first.</summary>
    private static string DenseKernelPrefix(KernelPlan plan, LayerPlan layer)
        => plan.Layers.First(l => DenseSignature(l) == DenseSignature(layer)).MethodPrefix;

    private static string? DenseSignature(LayerPlan layer)
        => layer.Layer.Spec is DenseSpec dense
            ? $"{layer.Layer.Input.Last}:{dense.Units}:{dense.Activation}:{dense.UseBias}:{layer.NeedsInputGradient}"
            : null;

    /// <summary>Dense acts on the last axis: a sample of shape (…, in) is (…) rows of the product.</summary>
    private static string DenseRows(LayerPlan layer, string samples)
    {
        int rowsPerSample = layer.Layer.Input.Size / layer.Layer.Input.Last;
        return rowsPerSample == 1 ? samples : $"{samples} * {rowsPerSample}";
    }

    private static string DenseForwardCall(KernelPlan plan, LayerPlan layer, string input, string output, string batch)
    {
        ParameterSlot kernel = layer.Kernel!;
        string bias = layer.Bias is { } b ? $"p.Slice({b.Offset}, {b.Tensor.Size})" : "default";
        return $"{DenseKernelPrefix(plan, layer)}Forward({input}, p.Slice({kernel.Offset}, {kernel.Tensor.Size}), {bias}, {output}, {DenseRows(layer, batch)}); // {layer.Layer.Name}";
    }

    private static string DenseBackwardCall(KernelPlan plan, LayerPlan layer, string input, string? inputGradient)
    {
        ParameterSlot kernel = layer.Kernel!;
        string bias = layer.Bias is { } b ? $"d.Slice({b.Offset}, {b.Tensor.Size})" : "default";
        string dx = inputGradient is null ? "" : $", {inputGradient}, {TransposeField(layer)}";
        string gradient = Rows(layer.GradientField, layer.Layer.Output.Size, "start", "count");
        return $"{DenseKernelPrefix(plan, layer)}Backward({input}, {gradient}, d.Slice({kernel.Offset}, {kernel.Tensor.Size}), {bias}{dx}, {DenseRows(layer, "count")}); // {layer.Layer.Name}";
    }

    /// <summary>The workspace holding Wᵀ for the input gradient, refreshed every backward pass.</summary>
    private static string TransposeField(LayerPlan layer) => "__wt" + layer.Index;

    private static void EmitDenseKernels(SourceWriter w, KernelPlan plan, LayerPlan layer, DenseSpec dense)
    {
        int inputs = layer.Layer.Input.Last, units = dense.Units;
        string prefix = DenseKernelPrefix(plan, layer);
        w.Comment($"x (B, {inputs}) · W ({inputs}, {units}){(dense.UseBias ? $" + b ({units})" : "")} -> a (B, {units}), {KerasNames.Of(dense.Activation)}");
        if (prefix != layer.MethodPrefix)
        {
            w.Comment($"Same shapes and activation as an earlier layer: uses {prefix}Forward and {prefix}Backward.");
            return;
        }
        w.Comment($"Tiling: {layer.Columns.Describe()}; Vector256 parts {Tiling.RowBlock} samples at a time,");
        w.Comment($"accumulated in registers over the {inputs} inputs (broadcast x · kernel row), then");
        w.Comment(dense.Activation == ActivationKind.ReLU ? "relu is applied in the store epilogue." :
                  dense.Activation == ActivationKind.Linear ? "stored as is (linear)." :
                  $"{KerasNames.Of(dense.Activation)} is applied to the whole block afterwards (shared vectorised kernel).");
        EmitDenseForward(w, layer, dense, prefix, inputs, units);
        w.Line();
        w.Comment($"Backward, from g = dLoss/dz (B, {units}): dW = xᵀ · g and db = Σ_B g, each summed over the batch in registers and");
        w.Comment(layer.NeedsInputGradient
            ? "stored once (no zeroing pass); dx = g · Wᵀ through a transposed copy of W."
            : "stored once (no zeroing pass); no dx: this layer's input is the data.");
        EmitDenseBackward(w, layer, dense, prefix, inputs, units);
        if (layer.NeedsInputGradient)
        {
            w.Line();
            using (w.Block($"private static void {prefix}Transpose(global::System.ReadOnlySpan<float> w, global::System.Span<float> wt)"))
            {
                w.Line($"global::Unroll.Kernels.ImageKernels.Transpose(w, wt, 1, {inputs}, {units}); // tiled, see ImageKernels");
            }
        }
    }

    /// <summary>The vector kernel behind a hardware check with the scalar kernel as fallback; rows too narrow for a vector get the scalar kernel only.</summary>
    private static void EmitPaths(SourceWriter w, ColumnTiling columns, Action vector, Action scalar)
    {
        if (!columns.UsesVectors)
        {
            w.Comment($"{columns.Width} column{(columns.Width > 1 ? "s are" : " is")} too narrow for a vector register: scalar only.");
            scalar();
            return;
        }
        using (w.Block("if (global::System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated && !global::Unroll.Kernels.KernelSettings.ForceScalar)"))
            vector();
        using (w.Block("else"))
        {
            w.Comment("Scalar path: any CPU, and the reference the vector path is tested against.");
            scalar();
        }
    }

    private static void EmitDenseForward(SourceWriter w, LayerPlan layer, DenseSpec dense, string prefix, int inputs, int units)
    {
        using (w.Block($"private static void {prefix}Forward(global::System.ReadOnlySpan<float> x, global::System.ReadOnlySpan<float> w, global::System.ReadOnlySpan<float> b, global::System.Span<float> a, int batch)"))
        {
            if (units == 1 && inputs >= 8)
            {
                w.Comment("One output: W is a contiguous column, so each sample is one vector dot product.");
                EmitPaths(w, Tiling.Columns(8),
                    () => EmitDenseForwardDot(w, dense, inputs),
                    () => EmitDenseForwardScalar(w, dense, inputs, units));
            }
            else
            {
                EmitPaths(w, layer.Columns,
                    () => EmitDenseForwardVector(w, layer, dense, inputs, units),
                    () => EmitDenseForwardScalar(w, dense, inputs, units));
            }
            if (dense.Activation is not (ActivationKind.Linear or ActivationKind.ReLU))
                w.Line($"global::Unroll.Kernels.ActivationKernels.Forward(global::Unroll.Activation.{KerasNames.Member(dense.Activation)}, a.Slice(0, batch * {units}), {units});");
        }
    }

    private static void EmitDenseForwardVector(SourceWriter w, LayerPlan layer, DenseSpec dense, int inputs, int units)
    {
        w.Line("ref float xr = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(x);");
        w.Line("ref float wr = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(w);");
        if (dense.UseBias) w.Line("ref float br = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(b);");
        w.Line("ref float ar = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(a);");
        GemmEmitter.Emit(w, new GemmSpec("xr", "wr", "ar", dense.UseBias ? "br" : null, units, "batch", inputs.ToString(), inputs.ToString(), "1", dense.Activation == ActivationKind.ReLU));
    }

    private static void EmitDenseForwardDot(SourceWriter w, DenseSpec dense, int inputs)
    {
        int vectorEnd = inputs / 8 * 8;
        w.Line("ref float xr = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(x);");
        w.Line("ref float wr = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(w);");
        using (w.Block("for (int s = 0; s < batch; s++)"))
        {
            w.Line($"ref float xs = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref xr, s * {inputs});");
            w.Comment("two accumulators halve the FMA dependency chain");
            w.Line("global::System.Runtime.Intrinsics.Vector256<float> d0 = global::System.Runtime.Intrinsics.Vector256<float>.Zero;");
            w.Line("global::System.Runtime.Intrinsics.Vector256<float> d1 = global::System.Runtime.Intrinsics.Vector256<float>.Zero;");
            if (vectorEnd >= 16)
            {
                using (w.Block($"for (int k = 0; k + 16 <= {vectorEnd}; k += 16)"))
                {
                    w.Line("d0 = global::System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref xs, (global::System.UIntPtr)k), global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref wr, (global::System.UIntPtr)k), d0);");
                    w.Line("d1 = global::System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref xs, (global::System.UIntPtr)(k + 8)), global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref wr, (global::System.UIntPtr)(k + 8)), d1);");
                }
            }
            if (vectorEnd % 16 != 0)
                w.Line($"d0 = global::System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref xs, (global::System.UIntPtr){vectorEnd - 8}), global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref wr, (global::System.UIntPtr){vectorEnd - 8}), d0);");
            w.Line($"float sum = global::System.Runtime.Intrinsics.Vector256.Sum(d0 + d1){(dense.UseBias ? " + b[0]" : "")};");
            int k = vectorEnd;
            if (inputs - k >= 4)
            {
                w.Line($"sum += global::System.Runtime.Intrinsics.Vector128.Sum(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref xs, (global::System.UIntPtr){k}) * global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref wr, (global::System.UIntPtr){k}));");
                k += 4;
            }
            for (; k < inputs; k++)
                w.Line($"sum = global::System.MathF.FusedMultiplyAdd(global::System.Runtime.CompilerServices.Unsafe.Add(ref xs, {k}), global::System.Runtime.CompilerServices.Unsafe.Add(ref wr, {k}), sum);");
            w.Line($"a[s] = {(dense.Activation == ActivationKind.ReLU ? "global::System.MathF.Max(sum, 0f)" : "sum")};");
        }
    }

    private static void EmitDenseForwardScalar(SourceWriter w, DenseSpec dense, int inputs, int units)
    {
        using (w.Block("for (int s = 0; s < batch; s++)"))
        using (w.Block($"for (int j = 0; j < {units}; j++)"))
        {
            w.Line($"float acc = {(dense.UseBias ? "b[j]" : "0f")};");
            w.Line($"for (int k = 0; k < {inputs}; k++) acc = global::System.MathF.FusedMultiplyAdd(x[s * {inputs} + k], w[k * {units} + j], acc);");
            w.Line($"a[s * {units} + j] = {(dense.Activation == ActivationKind.ReLU ? "global::System.MathF.Max(acc, 0f)" : "acc")};");
        }
    }

    private static void EmitDenseBackward(SourceWriter w, LayerPlan layer, DenseSpec dense, string prefix, int inputs, int units)
    {
        string dxParameter = layer.NeedsInputGradient ? ", global::System.Span<float> dx, global::System.ReadOnlySpan<float> wt" : "";
        using (w.Block($"private static void {prefix}Backward(global::System.ReadOnlySpan<float> x, global::System.ReadOnlySpan<float> g, global::System.Span<float> dw, global::System.Span<float> db{dxParameter}, int batch)"))
        {
            EmitPaths(w, layer.Columns,
                () => EmitDenseBackwardVector(w, layer, dense, inputs, units),
                () => EmitDenseBackwardScalar(w, layer, dense, inputs, units));
        }
    }

    private static void EmitDenseBackwardVector(SourceWriter w, LayerPlan layer, DenseSpec dense, int inputs, int units)
    {
        w.Line("ref float xr = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(x);");
        w.Line("ref float gr = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(g);");
        w.Line("ref float dwr = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(dw);");
        w.Comment($"dW ({inputs}, {units}) = xᵀ · g: the same kernel with A = xᵀ read through strides, reduced over the batch");
        using (w.Block(""))
            GemmEmitter.Emit(w, new GemmSpec("xr", "gr", "dwr", null, units, inputs.ToString(), "batch", "1", inputs.ToString(), Relu: false));
        if (dense.UseBias) EmitColumnSums(w, layer.Columns, "batch", "gr", "db");
        if (!layer.NeedsInputGradient) return;
        w.Comment($"dx (B, {inputs}) = g · Wᵀ: with Wᵀ prepared once per backward pass, the product is the forward kernel again");
        w.Line("ref float wtr = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(wt);");
        w.Line("ref float dxr = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(dx);");
        using (w.Block(""))
            GemmEmitter.Emit(w, new GemmSpec("gr", "wtr", "dxr", null, inputs, "batch", units.ToString(), units.ToString(), "1", Relu: false));
    }

    /// <summary>The bias gradient: the column sums of g (rows × width), vectorised like the matrix products.</summary>
    private static void EmitColumnSums(SourceWriter w, ColumnTiling columns, string rows, string source, string target)
    {
        int width = columns.Width;
        w.Comment($"{target} ({width}) = Σ over the {rows} rows of g");
        w.Line($"ref float {target}r = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({target});");
        ColumnGroups.Emit(w, columns, group =>
        {
            VectorLane lane = group.Lane;
            for (int i = 0; i < group.Count; i++) w.Line($"{lane.Type} acc{i} = {lane.Zero};");
            using (w.Block($"for (int s = 0; s < {rows}; s++)"))
            {
                w.Line($"ref float gs = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {source}, s * {width});");
                for (int i = 0; i < group.Count; i++) w.Line($"acc{i} += {lane.Load("gs", group.Column(i))};");
            }
            for (int i = 0; i < group.Count; i++) w.Line(lane.Store("acc" + i, target + "r", group.Column(i)));
        });
    }

    private static void EmitDenseBackwardScalar(SourceWriter w, LayerPlan layer, DenseSpec dense, int inputs, int units)
    {
        using (w.Block($"for (int k = 0; k < {inputs}; k++)"))
        using (w.Block($"for (int j = 0; j < {units}; j++)"))
        {
            w.Line("float acc = 0f;");
            w.Line($"for (int s = 0; s < batch; s++) acc = global::System.MathF.FusedMultiplyAdd(x[s * {inputs} + k], g[s * {units} + j], acc);");
            w.Line($"dw[k * {units} + j] = acc;");
        }
        if (dense.UseBias)
        {
            using (w.Block($"for (int j = 0; j < {units}; j++)"))
            {
                w.Line("float acc = 0f;");
                w.Line($"for (int s = 0; s < batch; s++) acc += g[s * {units} + j];");
                w.Line("db[j] = acc;");
            }
        }
        if (layer.NeedsInputGradient)
        {
            using (w.Block("for (int s = 0; s < batch; s++)"))
            using (w.Block($"for (int k = 0; k < {inputs}; k++)"))
            {
                w.Line("float acc = 0f;");
                w.Line($"for (int j = 0; j < {units}; j++) acc = global::System.MathF.FusedMultiplyAdd(g[s * {units} + j], wt[j * {inputs} + k], acc);");
                w.Line($"dx[s * {inputs} + k] = acc;");
            }
        }
    }

}
