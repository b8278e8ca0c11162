using System.Collections.Generic;
using System.Linq;
using Unroll.Generator.Lowering;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Emitting;

/// <summary>
/// The body of an LSTM layer's generated recurrence (<c>__LstmRecurrence</c>): for every step, every
/// sequence's gates z += h·U (and x·W + b when the projection is fused in), the gate activations,
/// c = f⊙c + i⊙c̃ and h = o⊙act(c), on accumulators that stay in registers per block of units,
/// with the layer's sizes as constants. One body per vector width (512, 256, 128) behind its
/// hardware check and the network's KernelWidth, and the scalar twin as the last resort.
/// </summary>
internal static class LstmStepEmitter
{
    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";

    // nuint and var are contextual: a user type of that name would take their place, so neither is written.
    private const string Index = "global::System.UIntPtr";

    /// <summary>The C# spelling of one register kind of the step kernel.</summary>
    private sealed record Lane(int Bits)
    {
        public static readonly Lane Scalar = new(32);

        public int Width => Bits / 32;

        public bool IsScalar => Bits == 32;

        private string Factory => $"global::System.Runtime.Intrinsics.Vector{Bits}";

        public string Type => IsScalar ? "float" : $"{Factory}<float>";

        public string Zero => IsScalar ? "0f" : $"{Factory}<float>.Zero";

        public string Load(string reference, string offset)
            => IsScalar ? $"{Unsafe}.Add(ref {reference}, {offset})" : $"{Factory}.LoadUnsafe(ref {reference}, {offset})";

        public string Store(string value, string reference, string offset)
            => IsScalar ? $"{Unsafe}.Add(ref {reference}, {offset}) = {value};" : $"{Factory}.StoreUnsafe({value}, ref {reference}, {offset});";

        public string Broadcast(string value) => IsScalar ? value : $"{Factory}.Create({value})";

        // Vector512 and Vector256 bodies run on FMA hardware; a Vector128 one may run on x64 without
        // FMA, where MultiplyAddEstimate is a multiply and an add instead of a software FMA.
        public string MultiplyAdd(string a, string b, string addend)
            => IsScalar ? ScalarMath.MultiplyAdd(a, b, addend)
               : Bits == 128 ? $"{Factory}.MultiplyAddEstimate({a}, {b}, {addend})"
               : $"{Factory}.FusedMultiplyAdd({a}, {b}, {addend})";
    }

    /// <summary>The gates in Keras order, as accumulator names.</summary>
    private static readonly string[] Gates = ["i", "f", "g", "o"];

    /// <summary>The method's parameters: x, W and b only when the input projection is fused in.</summary>
    public static string Parameters(LstmPlan lstm)
    {
        const string read = "global::System.ReadOnlySpan<float>", write = "global::System.Span<float>";
        string projection = lstm.FusesProjection ? $"{read} x, {read} w, {read} b, " : "";
        return $"{projection}{read} u, {write} gates, {write} cells, {write} states, {write} output, {write} stateH, {write} stateC, int batch";
    }

    /// <summary>The arguments that pass the parameters on to a width's method.</summary>
    private static string Arguments(LstmPlan lstm)
        => (lstm.FusesProjection ? "x, w, b, " : "") + "u, gates, cells, states, output, stateH, stateC, batch";

    /// <summary>
    /// The recurrence method <c>{name}</c>, which picks a width, and one method per width (<c>{name}512</c>
    /// … <c>{name}Scalar</c>): each is compiled on its own, so the inlined gate activations of one width
    /// never use up the JIT's inlining budget of another, and only the widths that run are compiled.
    /// </summary>
    public static void Emit(SourceWriter w, string name, LstmPlan lstm)
    {
        var widths = new[] { 512, 256, 128 }.Where(bits => LstmStepTiling.Fits(bits, lstm.Units)).ToList();
        using (w.Block($"private static void {name}({Parameters(lstm)})"))
        {
            string keyword = "if";
            foreach (int bits in widths)
            {
                w.Line($"{keyword} (global::System.Runtime.Intrinsics.Vector{bits}.IsHardwareAccelerated && global::Unroll.Kernels.KernelSettings.MaxWidth >= {bits}) {name}{bits}({Arguments(lstm)});");
                keyword = "else if";
            }
            w.Line($"{(keyword == "if" ? "" : "else ")}{name}Scalar({Arguments(lstm)});");
            EmitResults(w, lstm, lstm.Steps, lstm.Units);
        }
        foreach (int bits in widths)
        {
            w.Line();
            EmitWidth(w, $"{name}{bits}", lstm, LstmStepTiling.At(bits, lstm.Units));
        }
        w.Line();
        w.Comment("Scalar path: any CPU, and the reference the vector paths are tested against.");
        EmitWidth(w, $"{name}Scalar", lstm, new LstmStepTiling(32, 1, 1));
    }

    // Fully optimised at the first call: a recurrence runs long loops in few calls, which tiered
    // compilation would first run unoptimised (and then through on-stack replacement).
    private static void EmitWidth(SourceWriter w, string name, LstmPlan lstm, LstmStepTiling tiling)
    {
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        using (w.Block($"private static void {name}({Parameters(lstm)})"))
        {
            var spans = new List<string> { "u", "gates", "cells", "states" };
            if (lstm.State is not null) spans.AddRange(["stateH", "stateC"]);
            if (lstm.FusesProjection) spans.AddRange(lstm.UseBias ? ["x", "w", "b"] : ["x", "w"]);
            foreach (string span in spans)
                w.Line($"ref float {span}r = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({span});");
            EmitSteps(w, lstm, tiling);
        }
    }

    /// <summary>The time loop at one width: blocks of sequences, then single ones.</summary>
    private static void EmitSteps(SourceWriter w, LstmPlan lstm, LstmStepTiling tiling)
    {
        var lane = new Lane(tiling.Bits);
        if (!lane.IsScalar)
            w.Comment($"{(tiling.Sequences > 1 ? $"{tiling.Sequences} sequences at a time × 4 gates × 1 Vector{tiling.Bits} share each load of U; single sequences: " : "")}"
                      + $"4 gates × {tiling.Vectors} Vector{tiling.Bits} per block of {tiling.Block} units{Remainder(lstm.Units, tiling)}.");
        using (w.Block($"for (int t = 0; t < {lstm.Steps}; t++)"))
        {
            w.Line("int s = 0;");
            if (tiling.Sequences > 1)
                using (w.Block($"for (; s + {tiling.Sequences} <= batch; s += {tiling.Sequences})"))
                    EmitTile(w, lstm, lane, tiling.Sequences, 1);
            using (w.Block("for (; s < batch; s++)"))
                EmitTile(w, lstm, lane, 1, tiling.Vectors);
        }
    }

    private static string Remainder(int units, LstmStepTiling tiling)
    {
        int tail = units % tiling.Lanes;
        return tail == 0 ? "" : $"; the last {tail} unit{(tail > 1 ? "s" : "")} one float at a time";
    }

    /// <summary>One step of <paramref name="sequences"/> sequences from s: where each one's rows are, then its blocks of units.</summary>
    private static void EmitTile(SourceWriter w, LstmPlan lstm, Lane lane, int sequences, int vectors)
    {
        int units = lstm.Units, gates = 4 * units;
        bool stateful = lstm.State is not null;
        if (!stateful) w.Line("bool carried = t > 0; // the first step starts from zeros: no h·U, no f⊙c");
        for (int r = 0; r < sequences; r++)
        {
            string s = r == 0 ? "s" : $"(s + {r})";
            w.Line($"{Index} row{r} = ({Index})({s} * {lstm.Steps} + t);");
            w.Line($"ref float z{r} = ref {Unsafe}.Add(ref gatesr, row{r} * {gates});");
            w.Line($"ref float cell{r} = ref {Unsafe}.Add(ref cellsr, row{r} * {units});");
            w.Line($"ref float hidden{r} = ref {Unsafe}.Add(ref statesr, row{r} * {units});");
            // The state before this step: the previous step's row, or at t = 0 the carried state (stateful)
            // or nothing (never read).
            string first = stateful ? $"ref {Unsafe}.Add(ref stateHr, ({Index})({s} * {units}))" : $"ref hidden{r}";
            string firstCell = stateful ? $"ref {Unsafe}.Add(ref stateCr, ({Index})({s} * {units}))" : $"ref cell{r}";
            w.Line($"ref float hp{r} = ref (t > 0 ? ref {Unsafe}.Subtract(ref hidden{r}, {units}) : {first});");
            w.Line($"ref float cp{r} = ref (t > 0 ? ref {Unsafe}.Subtract(ref cell{r}, {units}) : {firstCell});");
            if (lstm.FusesProjection) w.Line($"ref float x{r} = ref {Unsafe}.Add(ref xr, row{r} * {lstm.Features});");
        }
        // Blocks of units: the full blocks in a loop, then one register per gate, then single floats.
        int block = vectors * lane.Width, full = units / block * block;
        if (full > 0)
            using (w.Block(full == block ? "" : $"for ({Index} j = 0; j < {full}; j += {block})"))
            {
                if (full == block) w.Line($"{Index} j = 0;");
                EmitBlock(w, lstm, lane, sequences, vectors, "j");
            }
        int at = full;
        for (; vectors > 1 && units - at >= lane.Width; at += lane.Width)
            using (w.Block("")) EmitBlock(w, lstm, lane, sequences, 1, at.ToString());
        if (at < units)
            using (w.Block($"for ({Index} j = {at}; j < {units}; j++)"))
                EmitBlock(w, lstm, Lane.Scalar, sequences, 1, "j");
    }

    /// <summary>
    /// One block of units at column <paramref name="j"/>: 4 gates × <paramref name="vectors"/> registers
    /// × <paramref name="sequences"/> accumulators, reduced over x·W (fused) and h·U, then the
    /// activations and the cell update, stored once.
    /// </summary>
    private static void EmitBlock(SourceWriter w, LstmPlan lstm, Lane lane, int sequences, int vectors, string j)
    {
        int units = lstm.Units;
        string Offset(int constant) => int.TryParse(j, out int at) ? Constant(at + constant) : constant == 0 ? j : $"{j} + {constant}";
        string Acc(int g, int r, int v) => $"{Gates[g]}{r}{(vectors > 1 ? "_" + v : "")}";
        var all = (from r in Enumerable.Range(0, sequences) from g in Enumerable.Range(0, 4) from v in Enumerable.Range(0, vectors) select (r, g, v)).ToList();
        string type = lane.Type;

        // Starting values: the projected gates, or with the projection fused in, the bias.
        foreach (var (r, g, v) in all)
        {
            int column = g * units + v * lane.Width;
            string start = !lstm.FusesProjection ? lane.Load($"z{r}", Offset(column))
                : lstm.UseBias ? lane.Load("br", Offset(column)) : lane.Zero;
            w.Line($"{type} {Acc(g, r, v)} = {start};");
        }
        if (lstm.FusesProjection) EmitReduction(w, lstm, lane, sequences, vectors, j, "x", "wr", lstm.Features, Acc);
        if (lstm.State is null)
            using (w.Block("if (carried)"))
                EmitReduction(w, lstm, lane, sequences, vectors, j, "hp", "ur", units, Acc);
        else
            EmitReduction(w, lstm, lane, sequences, vectors, j, "hp", "ur", units, Acc);

        string recurrent = ActivationKindOf(lstm.RecurrentActivation), activation = ActivationKindOf(lstm.Activation);
        foreach (var r in Enumerable.Range(0, sequences))
            foreach (var v in Enumerable.Range(0, vectors))
            {
                string i = Acc(0, r, v), f = Acc(1, r, v), g = Acc(2, r, v), o = Acc(3, r, v), suffix = i.Substring(1);
                int at = v * lane.Width;
                var applied = new[] { (i, recurrent), (f, recurrent), (g, activation), (o, recurrent) }.Where(a => a.Item2.Length > 0).ToList();
                if (applied.Count > 0) w.Line(string.Join(" ", applied.Select(a => $"{a.Item1} = {Apply(a.Item2, a.Item1)};"))); // linear: as they are
                for (int gate = 0; gate < 4; gate++)
                    w.Line(lane.Store(Acc(gate, r, v), $"z{r}", Offset(gate * units + at)));
                w.Line($"{type} c{suffix} = {i} * {g};");
                string update = $"c{suffix} = {lane.MultiplyAdd(f, lane.Load($"cp{r}", Offset(at)), $"c{suffix}")};";
                w.Line(lstm.State is null ? $"if (carried) {update}" : update);
                w.Line(lane.Store($"c{suffix}", $"cell{r}", Offset(at)));
                w.Line(lane.Store($"{o} * {Apply(activation, $"c{suffix}")}", $"hidden{r}", Offset(at)));
            }
    }

    /// <summary>acc += source[k] · matrix[k, columns of the block], k over <paramref name="depth"/>; each row of the matrix loaded once for every sequence.</summary>
    private static void EmitReduction(SourceWriter w, LstmPlan lstm, Lane lane, int sequences, int vectors, string j, string source, string matrix, int depth,
        System.Func<int, int, int, string> acc)
    {
        int units = lstm.Units, gates = 4 * units;
        using (w.Block($"for ({Index} k = 0; k < {depth}; k++)"))
        {
            w.Line($"ref float m = ref {Unsafe}.Add(ref {matrix}, k * {gates} + {j});");
            bool shared = sequences > 1;
            if (shared)
                for (int g = 0; g < 4; g++)
                    for (int v = 0; v < vectors; v++)
                        w.Line($"{lane.Type} m{g}{v} = {lane.Load("m", Constant(g * units + v * lane.Width))};");
            for (int r = 0; r < sequences; r++)
            {
                w.Line($"{lane.Type} b{r} = {lane.Broadcast($"{Unsafe}.Add(ref {source}{r}, k)")};");
                for (int g = 0; g < 4; g++)
                    for (int v = 0; v < vectors; v++)
                    {
                        string a = acc(g, r, v);
                        string weight = shared ? $"m{g}{v}" : lane.Load("m", Constant(g * units + v * lane.Width));
                        w.Line($"{a} = {lane.MultiplyAdd($"b{r}", weight, a)};");
                    }
            }
        }
    }

    /// <summary>An element offset as the unsigned index the vector loads take.</summary>
    private static string Constant(int offset) => $"({Index}){offset}";

    // The GateMath function of an activation (null: linear, the value itself).
    private static string ActivationKindOf(ActivationKind kind) => kind switch
    {
        ActivationKind.Sigmoid => "Sigmoid",
        ActivationKind.Tanh => "Tanh",
        ActivationKind.ReLU => "Relu",
        ActivationKind.HardSigmoid => "HardSigmoid:1f / 6f",
        ActivationKind.HardSigmoidKeras2 => "HardSigmoid:0.2f",
        _ => "",
    };

    private static string Apply(string function, string value)
    {
        if (function.Length == 0) return value;
        int colon = function.IndexOf(':');
        return colon < 0 ? $"global::Unroll.Kernels.GateMath.{function}({value})"
            : $"global::Unroll.Kernels.GateMath.{function.Substring(0, colon)}({value}, {function.Substring(colon + 1)})";
    }

    /// <summary>After the last step: the carried state (stateful) and the output, all steps or the last.</summary>
    private static void EmitResults(SourceWriter w, LstmPlan lstm, int steps, int units)
    {
        if (lstm.ReturnSequences)
            w.Line($"states.Slice(0, batch * {steps * units}).CopyTo(output);");
        using (w.Block("for (int s = 0; s < batch; s++)"))
        {
            w.Line($"global::System.Span<float> last = states.Slice((s * {steps} + {steps - 1}) * {units}, {units});");
            if (!lstm.ReturnSequences) w.Line($"last.CopyTo(output.Slice(s * {units}, {units}));");
            if (lstm.State is not null)
            {
                w.Line($"last.CopyTo(stateH.Slice(s * {units}, {units}));");
                w.Line($"cells.Slice((s * {steps} + {steps - 1}) * {units}, {units}).CopyTo(stateC.Slice(s * {units}, {units}));");
            }
        }
    }
}
