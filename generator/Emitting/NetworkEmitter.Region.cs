using System;
using Unroll.Generator.Lowering;
using Unroll.Generator.Shapes;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Emitting;

internal static partial class NetworkEmitter
{
    /// <summary>
    /// One layer's region: what it computes and how, in comments written from the plan (so they
    /// say what the code below does), then its generated kernels, forward and backward side by side.
    /// </summary>
    /// <param name="sampleKernels">The Dense kernel prefixes whose ForwardSample PredictSample calls.</param>
    private sealed class Region(SourceWriter w, LayerPlan layer, System.Collections.Generic.ISet<string> sampleKernels) : IKindPlanVisitor<bool>
    {
        private ShapedLayer Shaped => layer.Layer;

        private string Shapes => $"{BatchShape(Shaped.Input)} -> {BatchShape(Shaped.Output)}";

        public bool Dense(DensePlan dense)
        {
            EmitDenseKernels(w, layer, dense, sampleKernels.Contains(dense.KernelPrefix));
            return true;
        }

        public bool Conv(ConvPlan conv)
        {
            EmitConvKernels(w, layer, conv);
            return true;
        }

        public bool Lstm(LstmPlan lstm)
        {
            w.Comment($"{Shapes}: per sample and step z = x·W + h·U + b, gates i, f, c, o (Keras order),");
            w.Comment($"c = f⊙c + i⊙c̃, h = o⊙{KerasNames.Of(lstm.Activation)}(c){(lstm.RecurrentActivation == ActivationKind.Sigmoid ? "" : $", gates {KerasNames.Of(lstm.RecurrentActivation)}")}; the gates and states of every step are cached for backpropagation through time (LstmKernels).");
            if (!lstm.FusesProjection) EmitLstmProjection(w, layer, lstm);
            EmitLstmRecurrence(w, layer, lstm);
            return true;
        }

        public bool Pool(PoolPlan pool)
        {
            w.Comment($"{Shapes}: no parameters; {(pool.Pool == PoolKind.Max ? "the maximum of each window (its input index kept for backward)" : "the mean of each window's real cells")},");
            w.Comment("through the shared ImageKernels with this layer's geometry:");
            EmitGeometry(w, pool.GeometryField, pool.Geometry);
            return true;
        }

        public bool Activation(ActivationPlan activation)
        {
            w.Comment($"{Shapes}: no parameters; forward applies {KerasNames.Of(activation.Function)} to a copy of the input,");
            w.Comment("backward multiplies by its derivative at the cached output (shared ActivationKernels).");
            return true;
        }

        public bool Flatten(FlattenPlan flatten)
        {
            w.Comment(layer.SharesBuffersBelow
                ? $"{Shapes}: samples are stored row-major, so the layer below's output and gradient buffers serve as they are (no copy)."
                : $"{Shapes}: samples are stored row-major, so flattening is a copy (the gradient too).");
            return true;
        }

        public bool Embedding(EmbeddingPlan embedding)
        {
            w.Comment($"{BatchShape(Shaped.Input)} token ids -> {BatchShape(Shaped.Output)}: a row copy per id (ids checked: whole numbers in range);");
            w.Comment("backward clears the embedding gradient and adds each position's output gradient to its id's row.");
            return true;
        }

        public bool Dropout(DropoutPlan dropout)
        {
            w.Comment($"{BatchShape(Shaped.Input)}: rate {SourceWriter.Literal(dropout.Rate)}; in training x ⊙ mask (masks drawn once per batch in PrepareForward), otherwise a copy;");
            w.Comment("backward multiplies the gradient by the same mask.");
            return true;
        }
    }

    /// <summary>The static geometry field a convolution or pooling layer passes to the ImageKernels.</summary>
    private static void EmitGeometry(SourceWriter w, string field, ImageGeometry g)
    {
        w.Line($"private static readonly global::Unroll.Kernels.ImageShape {field} = new(");
        w.Line($"    Height: {g.Height}, Width: {g.Width}, Channels: {g.Channels},");
        w.Line($"    OutHeight: {g.OutHeight}, OutWidth: {g.OutWidth},");
        w.Line($"    WindowHeight: {g.WindowHeight}, WindowWidth: {g.WindowWidth},");
        w.Line($"    StrideHeight: {g.StrideHeight}, StrideWidth: {g.StrideWidth},");
        w.Line($"    PadTop: {g.PadTop}, PadLeft: {g.PadLeft},");
        w.Line($"    ChannelsFirst: {Bool(g.ChannelsFirst)});");
    }

    /// <summary>
    /// One vector body per width, widest first, each behind its hardware check and the network's
    /// <c>KernelWidth</c> (<c>KernelSettings.MaxWidth</c>), with the scalar kernel as the last resort;
    /// or the scalar kernel alone when the plan found nothing for vector registers. The hardware
    /// checks are JIT constants, so the compiled method keeps the widest accelerated body and the scalar one.
    /// </summary>
    /// <param name="widths">The widths with a body, widest first; by default Vector256 and Vector128 (a Vector512 CPU runs the Vector256 body).</param>
    private static void EmitPaths(SourceWriter w, bool vectorized, string scalarOnlyReason, Action<VectorWidth> vector, Action scalar, System.Collections.Generic.IReadOnlyList<VectorWidth>? widths = null)
    {
        if (!vectorized)
        {
            w.Comment($"Scalar only: {scalarOnlyReason}.");
            scalar();
            return;
        }
        var bodies = new System.Collections.Generic.List<(VectorWidth Width, string Text)>();
        foreach (VectorWidth width in widths ?? VectorWidths.UpTo256)
        {
            int start = w.Length;
            w.Indent();
            vector(width);
            w.Outdent();
            bodies.Add((width, w.Cut(start)));
        }
        // A body whose text is the next narrower one's (a product too narrow to fill the wider
        // registers) is left out: the narrower branch runs the same code on every CPU and width
        // setting that would have taken it, since each wider check implies the narrower one.
        string keyword = "if";
        for (int i = 0; i < bodies.Count; i++)
        {
            if (i + 1 < bodies.Count && bodies[i].Text == bodies[i + 1].Text) continue;
            w.Line($"{keyword} (global::System.Runtime.Intrinsics.{bodies[i].Width}.IsHardwareAccelerated && global::Unroll.Kernels.KernelSettings.MaxWidth >= {(int)bodies[i].Width})");
            w.Line("{");
            w.Raw(bodies[i].Text);
            w.Line("}");
            keyword = "else if";
        }
        using (w.Block("else"))
        {
            w.Comment("Scalar path: any CPU, and the reference the vector path is tested against.");
            scalar();
        }
    }

    /// <summary>Why a product of <paramref name="columns"/> columns has no vector path.</summary>
    private static string TooNarrow(int columns) => $"{columns} column{(columns > 1 ? "s are" : " is")} too narrow for a vector register";

    /// <summary>
    /// How a product runs on vector hardware, from its planned tiling, as comment lines:
    /// <c>4 samples at a time over 12 columns = …</c>, the panel packing, <c>single samples over …</c>.
    /// </summary>
    /// <param name="widest">Vector512 when the kernel has a Vector512 body, described first.</param>
    private static void CommentProduct(SourceWriter w, string lead, MatrixProduct product, string rows, VectorWidth widest = VectorWidth.Vector256)
    {
        if (widest == VectorWidth.Vector512)
        {
            ProductTiling wide = product.Tiling(VectorWidth.Vector512);
            w.Comment(Lead(lead, wide.HasRowBlocks ? $"with AVX-512 {(wide.WideRowBlock == Tiling.RowBlock ? $"{Tiling.RowBlock}" : $"{wide.WideRowBlock} (the last ones {Tiling.RowBlock})")} {rows} at a time over {wide.RowBlocks.Describe()}," : "with AVX-512"));
            if (wide.HasRowBlocks && wide.PacksPanels) w.Comment($"  {Reduction(wide)} over {Panels(wide)},");
            w.Comment($"  single {rows} over {wide.SingleRows.Describe()};");
            lead = "with AVX2";
        }
        ProductTiling tiling = product.Tiling(VectorWidth.Vector256), narrow = product.Tiling(VectorWidth.Vector128);
        string single = $"single {rows} over {tiling.SingleRows.Describe()}";
        string narrowSingle = $"single {rows} over {narrow.SingleRows.Describe()}";
        if (!tiling.HasRowBlocks)
        {
            w.Comment(Lead(lead, single + ";"));
            w.Comment($"  without 256-bit vectors {narrowSingle};");
            return;
        }
        w.Comment(Lead(lead, $"{Tiling.RowBlock} {rows} at a time over {tiling.RowBlocks.Describe()},"));
        if (tiling.PacksPanels) w.Comment($"  {Reduction(tiling)} over {Panels(tiling)},");
        w.Comment($"  {single};");
        w.Comment($"  without 256-bit vectors the same over {narrow.RowBlocks.Describe()},");
        w.Comment($"  {narrowSingle};");
    }

    private static string Reduction(ProductTiling tiling) => tiling.BlocksReduction ? $"the reduction in blocks of {tiling.ReductionBlock}" : "the whole reduction in one block";

    private static string Panels(ProductTiling tiling) => tiling.CopiesPanels ? "packed column panels" : "one panel of whole weight rows, read in place";

    private static string Lead(string lead, string text) => lead.Length == 0 ? text : lead + " " + text;

    /// <summary><c>ref float xr = ref MemoryMarshal.GetReference(x);</c>: the vector kernels walk spans by reference.</summary>
    private static void EmitReference(SourceWriter w, string span)
        => w.Line($"ref float {span}r = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({span});");

    /// <summary>The bias gradient: the column sums of g (rows × width), vectorised like the matrix products.</summary>
    private static void EmitColumnSums(SourceWriter w, ColumnTiling planned, VectorWidth lane, Extent rows, string source, string target)
    {
        ColumnTiling columns = planned.At(lane);
        int width = columns.Width;
        w.Comment($"{target} ({width}) = Σ over the {rows} rows of g");
        EmitReference(w, target);
        ColumnGroups.Emit(w, columns, group =>
        {
            VectorLane lane = group.Lane;
            for (int i = 0; i < group.Count; i++) w.Line($"{lane.Type} acc{i} = {lane.Zero};");
            using (w.Block($"for (int s = 0; s < {rows}; s++)"))
            {
                w.Line($"ref float gs = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {source}, {GemmEmitter.Term("s", width)});");
                for (int i = 0; i < group.Count; i++) w.Line($"acc{i} += {lane.Load("gs", group.Column(i))};");
            }
            for (int i = 0; i < group.Count; i++) w.Line(lane.Store("acc" + i, target + "r", group.Column(i)));
        });
    }

    private static void EmitTranspose(SourceWriter w, KernelTranspose transpose)
    {
        w.Line();
        using (w.Block($"private static void {transpose.Method}(global::System.ReadOnlySpan<float> w, global::System.Span<float> wt)"))
            w.Line($"global::Unroll.Kernels.ImageKernels.Transpose(w, wt, batch: 1, rows: {transpose.Rows}, columns: {transpose.Columns}); // tiled, see ImageKernels");
    }
}
