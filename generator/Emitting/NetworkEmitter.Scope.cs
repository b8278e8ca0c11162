using System.Collections.Generic;
using System.Globalization;
using Unroll.Generator.Lowering;

namespace Unroll.Generator.Emitting;

internal static partial class NetworkEmitter
{
    /// <summary>
    /// The named locals of one pass (ForwardRange, BackwardRange, …): rows of workspace buffers for the
    /// current range, named after their fields (<c>denseOutput</c>), and parameter slices named by
    /// Keras tensor (<c>denseKernel</c>, <c>denseKernelGradient</c>). Each is declared once, just
    /// before the first statement that uses it.
    /// </summary>
    private sealed class Scope(string start, string count)
    {
        private readonly HashSet<string> _declared = [];
        private readonly List<string> _pending = [];

        /// <summary>The number of samples in the range: <c>count</c>, or <c>1</c> for the single-sample pass.</summary>
        public string Count => count;

        /// <summary>Whether this is the single-sample pass (PredictSample).</summary>
        public bool Single => count == "1";

        public bool HasPending => _pending.Count > 0;

        public string Rows(WorkspaceBuffer buffer) => Rows(buffer.Field, buffer.PerSample, buffer.Type);

        /// <summary>The name <see cref="Rows(WorkspaceBuffer)"/> gives a buffer's local, without declaring it.</summary>
        public static string LocalOf(WorkspaceBuffer buffer) => buffer.Field.Substring(GeneratedNames.Private.Length);

        /// <summary>The local holding rows [start, start + count) of a field with <paramref name="perSample"/> values per sample.</summary>
        public string Rows(string field, int perSample, string type = "float")
        {
            string local = field.Substring(GeneratedNames.Private.Length);
            if (_declared.Add(local))
                _pending.Add($"global::System.Span<{type}> {local} = {RowsExpression(field, perSample.ToString(CultureInfo.InvariantCulture), start, count)};");
            return local;
        }

        /// <summary>The local holding a parameter tensor's slice of the weights (p) or, for <paramref name="gradient"/>, of the gradient buffer (d).</summary>
        public string Parameter(ParameterSlot slot, bool gradient)
        {
            string local = ParameterLocal(slot.Tensor.Name) + (gradient ? "Gradient" : "");
            if (_declared.Add(local))
                _pending.Add(gradient
                    ? $"global::System.Span<float> {local} = d.Slice({slot.Offset}, {slot.Tensor.Size}); // {slot.Tensor.ShapeText}"
                    : $"global::System.ReadOnlySpan<float> {local} = p.Slice({slot.Offset}, {slot.Tensor.Size}); // {slot.Tensor.ShapeText}");
            return local;
        }

        public void Flush(SourceWriter w)
        {
            foreach (string line in _pending) w.Line(line);
            _pending.Clear();
        }
    }

    /// <summary><c>dense_1/recurrent_kernel</c> → <c>dense1RecurrentKernel</c>.</summary>
    private static string ParameterLocal(string tensorName)
    {
        int slash = tensorName.LastIndexOf('/');
        string tensor = KernelPlanner.LocalName(tensorName.Substring(slash + 1));
        return KernelPlanner.LocalName(tensorName.Substring(0, slash)) + char.ToUpperInvariant(tensor[0]) + tensor.Substring(1);
    }
}
