using Unroll.Generator.Lowering;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Emitting;

internal static partial class NetworkEmitter
{
    /// <summary>
    /// The input projection of every step at once: (B·steps, features) · (features, 4·units) + b with
    /// the generated matrix-product kernel, so only the recurrent product stays inside the time loop.
    /// </summary>
    private static void EmitLstmProjection(SourceWriter w, LayerPlan layer, LstmSpec lstm)
    {
        int features = layer.Layer.Input.Dimensions[1], gates = 4 * lstm.Units;
        ColumnTiling columns = Tiling.Columns(gates);
        w.Comment($"Input projection: (B·steps, {features}) · ({features}, {gates}){(lstm.UseBias ? " + b" : "")} in one product ({columns.Describe()}).");
        using (w.Block($"private static void {layer.MethodPrefix}Project(global::System.ReadOnlySpan<float> x, global::System.ReadOnlySpan<float> w, global::System.ReadOnlySpan<float> b, global::System.Span<float> z, int rows)"))
        {
            EmitPaths(w, columns,
                () =>
                {
                    w.Line("ref float xr = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(x);");
                    w.Line("ref float wr = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(w);");
                    if (lstm.UseBias) w.Line("ref float br = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(b);");
                    w.Line("ref float zr = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(z);");
                    GemmEmitter.Emit(w, new GemmSpec("xr", "wr", "zr", lstm.UseBias ? "br" : null, gates, "rows", features.ToString(), features.ToString(), "1", Relu: false));
                },
                () =>
                {
                    using (w.Block("for (int r = 0; r < rows; r++)"))
                    using (w.Block($"for (int j = 0; j < {gates}; j++)"))
                    {
                        w.Line(lstm.UseBias ? "float acc = b[j];" : "float acc = 0f;");
                        w.Line($"for (int k = 0; k < {features}; k++) acc = global::System.MathF.FusedMultiplyAdd(x[r * {features} + k], w[k * {gates} + j], acc);");
                        w.Line($"z[r * {gates} + j] = acc;");
                    }
                });
        }
    }
}
