using System.Collections.Generic;
using Unroll.Generator.Lowering;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Emitting;

internal static partial class NetworkEmitter
{
    /// <summary>One layer's statements in ForwardRange (<paramref name="Training"/>) or PredictSample.</summary>
    /// <param name="Panels">The layer's region of the panels packed once, when its forward kernel takes them.</param>
    private sealed record ForwardCalls(Scope Scope, LayerPlan Layer, string Input, string Output, bool Training, PanelRegion? Panels = null) : IKindPlanVisitor<IEnumerable<string>>
    {
        private string Parameter(int n) => Scope.Parameter(Layer.Parameters[n], gradient: false);

        // The instance's packed panels for this layer (empty when it has none: the kernel copies per call).
        private string PackedPanelsArgument => Panels is { } region ? $", {PackedPanelsOf(region)}" : "";

        public IEnumerable<string> Dense(DensePlan dense)
        {
            string kernel = Parameter(0);
            string bias = dense.UseBias ? Parameter(1) : "default";
            if (Scope.Single && dense.UnrollsSingleSample)
                yield return $"{dense.KernelPrefix}ForwardSample({Input}, {kernel}, {bias}, {Output});";
            else
                yield return $"{dense.KernelPrefix}Forward({Input}, {kernel}, {bias}, {Output}, {GemmEmitter.Term(Scope.Count, dense.RowsPerSample)}{PackedPanelsArgument});";
        }

        public IEnumerable<string> Activation(ActivationPlan activation)
        {
            yield return $"global::Unroll.Kernels.ActivationKernels.Forward(global::Unroll.Activation.{KerasNames.Member(activation.Function)}, {Input}, {Output}, {activation.Units});";
        }

        public IEnumerable<string> Flatten(FlattenPlan flatten)
        {
            if (!Layer.SharesBuffersBelow) yield return $"{Input}.CopyTo({Output});";
        }

        public IEnumerable<string> Dropout(DropoutPlan dropout)
        {
            if (!Training)
            {
                yield return $"{Input}.CopyTo({Output}); // identity outside training";
                yield break;
            }
            yield return "if (training)";
            yield return $"    global::System.Numerics.Tensors.TensorPrimitives.Multiply({Input}, {Scope.Rows(Layer.Buffer(dropout.Mask))}, {Output});";
            yield return "else";
            yield return $"    {Input}.CopyTo({Output});";
        }

        public IEnumerable<string> Conv(ConvPlan conv)
        {
            string kernel = Parameter(0);
            string bias = conv.UseBias ? Parameter(1) : "default";
            string patches = Scope.Rows(Layer.Buffer(conv.Patches));
            string staging = conv.ChannelsFirstStaging is { } field ? ", " + Scope.Rows(Layer.Buffer(field)) : "";
            yield return $"{Layer.MethodPrefix}Forward({Input}, {kernel}, {bias}, {patches}, {Output}{staging}, {Scope.Count}{PackedPanelsArgument});";
        }

        public IEnumerable<string> Pool(PoolPlan pool)
        {
            yield return pool.ArgMax is { } argMax
                ? $"global::Unroll.Kernels.ImageKernels.MaxPoolForward({Input}, {Output}, {Scope.Rows(Layer.Buffer(argMax))}, {Scope.Count}, {pool.GeometryField});"
                : $"global::Unroll.Kernels.ImageKernels.AveragePoolForward({Input}, {Output}, {Scope.Count}, {pool.GeometryField});";
        }

        public IEnumerable<string> Embedding(EmbeddingPlan embedding)
        {
            yield return $"global::Unroll.Kernels.EmbeddingKernels.Forward({Input}, {Parameter(0)}, {Output}, vocabulary: {embedding.InputDim}, width: {embedding.OutputDim});";
        }

        public IEnumerable<string> Lstm(LstmPlan lstm)
        {
            string kernel = Parameter(0), recurrent = Parameter(1);
            string bias = lstm.UseBias ? Parameter(2) : "default";
            string gates = Scope.Rows(Layer.Buffer(lstm.Gates));
            string cells = Scope.Rows(Layer.Buffer(lstm.Cells));
            string states = Scope.Rows(Layer.Buffer(lstm.States));
            string hidden = "default", cell = "default";
            if (lstm.State is { } state)
            {
                // The state this batch starts from is kept for the backward pass before the kernel overwrites it.
                hidden = Scope.Rows(state.HiddenField, lstm.Units);
                cell = Scope.Rows(state.CellField, lstm.Units);
                yield return $"{hidden}.CopyTo({Scope.Rows(Layer.Buffer(state.InitialHidden))});";
                yield return $"{cell}.CopyTo({Scope.Rows(Layer.Buffer(state.InitialCell))});";
            }
            // x·W + b for every step of every sequence as one generated product (or inside the
            // recurrence, for one step), then the generated recurrence.
            if (!lstm.FusesProjection)
                yield return $"{Layer.MethodPrefix}Project({Input}, {kernel}, {bias}, {gates}, rows: {GemmEmitter.Term(Scope.Count, lstm.Steps)}{(Panels is { } region ? $", packedPanels: {PackedPanelsOf(region)}" : "")});";
            yield return $"{Layer.MethodPrefix}Recurrence(";
            foreach (string argument in NamedArguments(
                lstm.FusesProjection ? ("x", Input) : ("", ""), lstm.FusesProjection ? ("w", kernel) : ("", ""), lstm.FusesProjection ? ("b", bias) : ("", ""),
                ("u", recurrent), ("gates", gates), ("cells", cells), ("states", states),
                ("output", Output), ("stateH", hidden), ("stateC", cell), ("batch", Scope.Count)))
                yield return argument;
        }
    }

    private static string PackedPanelsOf(PanelRegion region) => $"base.PackedPanels({region.Offset}, {region.Length})";

    /// <summary>
    /// One layer's statements in BackwardRange (after its activation's derivative); with
    /// <paramref name="ReluBelow"/>, a max pool also applies the derivative of the ReLU below it.
    /// </summary>
    private sealed record BackwardCalls(Scope Scope, LayerPlan Layer, WorkspaceBuffer? InputBuffer, string? InputGradient, bool ReluBelow = false) : IKindPlanVisitor<IEnumerable<string>>
    {
        // The layer's input rows (the data for the first layer), declared only by a call that reads them.
        private string Input => InputBuffer is null ? "inputs" : Scope.Rows(InputBuffer);

        private string Gradient => Scope.Rows(Layer.Gradient);

        private string ParameterGradient(int n) => Scope.Parameter(Layer.Parameters[n], gradient: true);

        public IEnumerable<string> Dense(DensePlan dense)
        {
            if (SplitsWeightGradientRows(Layer))
            {
                // dW and db are WeightGradientRange's, split by rows of dW.
                if (InputGradient is not null)
                    yield return $"{Layer.MethodPrefix}InputGradient({Gradient}, {KernelForInputGradient(dense)}, {InputGradient}, {GemmEmitter.Term("count", dense.RowsPerSample)});";
                yield break;
            }
            string gradient = Gradient;
            string kernel = ParameterGradient(0);
            string bias = dense.UseBias ? ParameterGradient(1) : "default";
            string dx = InputGradient is null ? "" : $", {InputGradient}, {KernelForInputGradient(dense)}";
            yield return $"{dense.KernelPrefix}Backward({Input}, {gradient}, {kernel}, {bias}{dx}, {GemmEmitter.Term("count", dense.RowsPerSample)});";
        }

        // Wᵀ made by PrepareBackward, or W itself when the input gradient reads it transposed in place.
        private string KernelForInputGradient(DensePlan dense)
            => dense.InputGradient!.BTransposed ? Scope.Parameter(Layer.Parameters[0], gradient: false) : Layer.Transpose!.Field;

        public IEnumerable<string> Activation(ActivationPlan activation) => PassThrough();

        public IEnumerable<string> Flatten(FlattenPlan flatten) => Layer.SharesBuffersBelow ? System.Linq.Enumerable.Empty<string>() : PassThrough();

        private IEnumerable<string> PassThrough()
        {
            if (InputGradient is not null) yield return $"{Gradient}.CopyTo({InputGradient}); // the gradient passes to the layer below";
        }

        public IEnumerable<string> Dropout(DropoutPlan dropout)
        {
            if (InputGradient is not null)
                yield return $"global::System.Numerics.Tensors.TensorPrimitives.Multiply({Gradient}, {Scope.Rows(Layer.Buffer(dropout.Mask))}, {InputGradient});";
        }

        public IEnumerable<string> Conv(ConvPlan conv)
        {
            // The direct forward pass built no patches: the backward pass builds them from the input.
            string x = conv.Algorithm == ConvAlgorithm.Direct ? Input + ", " : "";
            string gradient = Gradient;
            string patches = Scope.Rows(Layer.Buffer(conv.Patches));
            string kernel = ParameterGradient(0);
            string bias = conv.UseBias ? ParameterGradient(1) : "default";
            string dx = InputGradient is null ? "" : $", {InputGradient}, {Layer.Transpose!.Field}";
            string staging = conv.ChannelsFirstStaging is { } field ? ", " + Scope.Rows(Layer.Buffer(field)) : "";
            yield return $"{Layer.MethodPrefix}Backward({x}{gradient}, {patches}, {kernel}, {bias}{dx}{staging}, count);";
        }

        public IEnumerable<string> Pool(PoolPlan pool)
        {
            if (InputGradient is null) yield break;
            if (pool.ArgMax is not { } argMax)
                yield return $"global::Unroll.Kernels.ImageKernels.AveragePoolBackward({Gradient}, {InputGradient}, count, {pool.GeometryField});";
            else if (ReluBelow)
                yield return $"global::Unroll.Kernels.ImageKernels.MaxPoolReluBackward({Gradient}, {Scope.Rows(Layer.Output)}, {Scope.Rows(Layer.Buffer(argMax))}, {InputGradient}, count, {pool.GeometryField}); // and the ReLU below: dLoss/dz there";
            else
                yield return $"global::Unroll.Kernels.ImageKernels.MaxPoolBackward({Gradient}, {Scope.Rows(Layer.Buffer(argMax))}, {InputGradient}, count, {pool.GeometryField});";
        }

        public IEnumerable<string> Embedding(EmbeddingPlan embedding)
        {
            yield return $"global::Unroll.Kernels.EmbeddingKernels.Backward({Input}, {Gradient}, {ParameterGradient(0)}, vocabulary: {embedding.InputDim}, width: {embedding.OutputDim});";
        }

        public IEnumerable<string> Lstm(LstmPlan lstm)
        {
            var arguments = new List<(string, string)>
            {
                ("input", Input), ("kernel", Scope.Parameter(Layer.Parameters[0], gradient: false)), ("recurrent", Scope.Parameter(Layer.Parameters[1], gradient: false)),
                ("gates", Scope.Rows(Layer.Buffer(lstm.Gates))), ("cells", Scope.Rows(Layer.Buffer(lstm.Cells))), ("states", Scope.Rows(Layer.Buffer(lstm.States))),
                ("outputGradient", Gradient),
                ("kernelGradient", ParameterGradient(0)), ("recurrentGradient", ParameterGradient(1)), ("biasGradient", lstm.UseBias ? ParameterGradient(2) : "default"),
                ("inputGradient", InputGradient ?? "default"), ("scratch", $"stackalloc float[{7 * lstm.Units}]"),
            };
            if (lstm.State is { } state)
            {
                arguments.Add(("initialH", Scope.Rows(Layer.Buffer(state.InitialHidden))));
                arguments.Add(("initialC", Scope.Rows(Layer.Buffer(state.InitialCell))));
            }
            arguments.AddRange([("batch", "count"), ("steps", lstm.Steps.ToString()), ("features", lstm.Features.ToString()), ("units", lstm.Units.ToString()),
                ("returnSequences", Bool(lstm.ReturnSequences)), LstmActivation(lstm), LstmRecurrentActivation(lstm)]);
            yield return "global::Unroll.Kernels.LstmKernels.Backward(";
            foreach (string argument in NamedArguments([.. arguments])) yield return argument;
        }
    }

    /// <summary>The lines of a call's named arguments, one per line, the last closing the call; empty names are left out.</summary>
    private static IEnumerable<string> NamedArguments(params (string Name, string Value)[] arguments)
    {
        var present = new List<(string Name, string Value)>();
        foreach (var argument in arguments)
            if (argument.Name.Length > 0) present.Add(argument);
        for (int i = 0; i < present.Count; i++)
            yield return $"    {present[i].Name}: {present[i].Value}{(i == present.Count - 1 ? ");" : ",")}";
    }

    // The LSTM kernels default to Keras's tanh and sigmoid; other activations are passed by name.
    private static (string, string) LstmActivation(LstmPlan lstm)
        => lstm.DefaultActivations ? ("", "") : ("activation", "global::Unroll.Activation." + KerasNames.Member(lstm.Activation));

    private static (string, string) LstmRecurrentActivation(LstmPlan lstm)
        => lstm.DefaultActivations ? ("", "") : ("recurrentActivation", "global::Unroll.Activation." + KerasNames.Member(lstm.RecurrentActivation));

    private static string Bool(bool value) => value ? "true" : "false";
}
