using Unroll.Generator.Lowering;

namespace Unroll.Generator.Emitting;

internal static partial class NetworkEmitter
{
    /// <summary>
    /// The input projection of every step at once: (B·steps, features) · (features, 4·units) + b with
    /// the generated matrix-product kernel, so only the recurrent product stays inside the time loop.
    /// </summary>
    private static void EmitLstmProjection(SourceWriter w, LayerPlan layer, LstmPlan lstm)
    {
        MatrixProduct projection = lstm.Projection;
        ProductTiling tiling = projection.Tiling(VectorWidth.Vector256);
        w.Comment($"Input projection: (B·steps, {lstm.Features}) · ({lstm.Features}, {projection.N}){(lstm.UseBias ? " + b" : "")} in one product"
                  + (tiling.UsesVectors ? "," : $" (scalar: {TooNarrow(projection.N)})."));
        if (tiling.UsesVectors) CommentProduct(w, "", projection, "rows");
        PackedProduct? packed = PackedPanels.Of(layer);
        using (w.Block($"private static void {layer.MethodPrefix}Project(global::System.ReadOnlySpan<float> x, global::System.ReadOnlySpan<float> w, global::System.ReadOnlySpan<float> b, global::System.Span<float> z, int rows{PackedPanelsParameter(packed)})"))
        {
            EmitPaths(w, tiling.UsesVectors, TooNarrow(projection.N),
                width =>
                {
                    EmitReference(w, "x");
                    EmitReference(w, "w");
                    if (lstm.UseBias) EmitReference(w, "b");
                    EmitReference(w, "z");
                    GemmEmitter.Emit(w, projection, new ProductOperands("xr", "wr", "zr", lstm.UseBias ? "br" : null), width, prepacked: PackedPanelsArgument(packed));
                },
                () => GemmEmitter.EmitScalar(w, projection, new ProductOperands("x", "w", "z", lstm.UseBias ? "b" : null)));
        }
        EmitPanelPacking(w, packed);
    }

    /// <summary>
    /// The recurrence with the layer's sizes as constants: per step, the gates of every sequence, their
    /// activations and the new cell and hidden state, in one pass over each block of units.
    /// </summary>
    private static void EmitLstmRecurrence(SourceWriter w, LayerPlan layer, LstmPlan lstm)
    {
        int units = lstm.Units, gates = 4 * units;
        w.Comment($"Recurrence: per step and sequence z {(lstm.FusesProjection ? $"= x·W{(lstm.UseBias ? " + b" : "")} + h·U (one step: the projection fused in)" : "+= h·U")}, ({units}) · ({units}, {gates}),");
        w.Comment("the gate activations and c, h on the accumulators of each block of units, stored once; gates, c and h are cached for backward.");
        LstmStepEmitter.Emit(w, layer.MethodPrefix + "Recurrence", lstm);
    }
}
