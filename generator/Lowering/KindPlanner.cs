using System.Collections.Generic;
using Unroll.Generator.Common;
using Unroll.Generator.Shapes;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Lowering;

/// <summary>
/// The per-kind half of <see cref="KernelPlanner"/>: one method per layer record, each deciding
/// that kind's kernels (products and their blocking, algorithm, geometry, workspace), so a new
/// layer kind does not compile until it is planned.
/// </summary>
internal sealed class KindPlanner(
    ShapedLayer layer,
    EquatableArray<ParameterSlot> parameters,
    string local,
    string prefix,
    bool needsInputGradient,
    int batchSize,
    Dictionary<KernelPlanner.DenseSignature, string> sharedKernels) : ILayerVisitor<KindPlanner.Lowered>
{
    /// <summary>A kind's decisions and what the layer plan records beside them.</summary>
    internal sealed record Lowered(KindPlan Kind, ActivationKind Activation, float L2, long MultiplyAdds, IReadOnlyList<WorkspaceBuffer> Workspace, KernelTranspose? Transpose = null);

    private static readonly WorkspaceBuffer[] None = [];

    public string Local => local;

    public string Prefix => prefix;

    private string Field(string role) => KernelPlanner.Field(local, role);

    public Lowered Dense(DenseSpec dense)
    {
        int inputs = layer.Input.Last, units = dense.Units;
        var signature = new KernelPlanner.DenseSignature(inputs, units, dense.Activation, dense.UseBias, needsInputGradient);
        bool shares = sharedKernels.TryGetValue(signature, out string? owner);
        // A kernel beyond L1 is not copied transposed every training step (a serial pass over all of
        // it before the backward ranges start): the input gradient packs its panels of Wᵀ from W.
        bool readsKernelInPlace = needsInputGradient && (long)inputs * units >= Tiling.TransposedReadMinimum;
        if (!shares) sharedKernels.Add(signature, prefix);
        var plan = new DensePlan(
            inputs, units, layer.Input.Size / inputs, dense.Activation, ActivationEpilogues.Of(dense.Activation), dense.UseBias,
            KernelPrefix: owner ?? prefix,
            SharesKernels: shares,
            // One unit: W is a contiguous column, and a dot product per row beats a one-column product.
            Dot: units == 1 ? DotProduct.Of(inputs) : null,
            Forward: MatrixProduct.Of(units, Extent.Of("batch"), Extent.Constant(inputs), inputs, 1, dense.UseBias, dense.Activation == ActivationKind.ReLU),
            WeightGradient: MatrixProduct.Of(units, Extent.Constant(inputs), Extent.Of("batch"), 1, inputs),
            InputGradient: needsInputGradient ? MatrixProduct.Of(inputs, Extent.Of("batch"), Extent.Constant(units), units, 1) with { BTransposed = readsKernelInPlace } : null,
            BiasColumns: Tiling.Columns(units));
        KernelTranspose? transpose = needsInputGradient && !readsKernelInPlace ? new KernelTranspose(Field("KernelTransposed"), plan.KernelPrefix + "Transpose", inputs, units) : null;
        return new Lowered(plan, dense.Activation, dense.L2, (long)layer.Input.Size * units, None, transpose);
    }

    public Lowered Conv(ConvSpec conv)
    {
        var (h, w, c) = ImageGeometry.Dimensions(layer.Input, conv.Rank, conv.DataFormat)!.Value;
        ImageGeometry g = ImageGeometry.Of(h, w, c, conv.KernelHeight, conv.KernelWidth, conv.StrideHeight, conv.StrideWidth, conv.Padding, conv.DataFormat);
        int patch = g.WindowHeight * g.WindowWidth * g.Channels, filters = conv.Filters;
        Extent rows = Extent.Of("batch", g.Positions);
        bool channelsFirst = conv.DataFormat == DataFormatKind.ChannelsFirst;
        var workspace = new List<WorkspaceBuffer> { new(Field("Patches"), false, g.Positions * patch, "im2col patches; reused for their gradient") };
        if (channelsFirst) workspace.Add(new(Field("Staging"), false, g.Positions * filters, "(positions, filters) before the channels-first transpose"));
        var plan = new ConvPlan(
            g, filters, conv.Activation, ActivationEpilogues.Of(conv.Activation), conv.UseBias,
            DirectConvolution.Applies(g) ? ConvAlgorithm.Direct : ConvAlgorithm.Im2Col,
            Forward: MatrixProduct.Of(filters, rows, Extent.Constant(patch), patch, 1, conv.UseBias, conv.Activation == ActivationKind.ReLU),
            DirectColumns: Tiling.Columns(filters, DirectConvolution.FilterVectors),
            WeightGradient: MatrixProduct.Of(filters, Extent.Constant(patch), rows, 1, patch),
            InputGradient: needsInputGradient ? MatrixProduct.Of(patch, rows, Extent.Constant(filters), filters, 1) : null,
            BiasColumns: Tiling.Columns(filters),
            Vectorized: Tiling.Columns(filters).UsesVectors,
            GeometryField: prefix + "Shape",
            Patches: workspace[0].Field,
            ChannelsFirstStaging: channelsFirst ? workspace[1].Field : null);
        KernelTranspose? transpose = needsInputGradient ? new KernelTranspose(Field("KernelTransposed"), prefix + "Transpose", patch, filters) : null;
        return new Lowered(plan, conv.Activation, conv.L2, (long)g.Positions * patch * filters, workspace, transpose);
    }

    public Lowered Pool(PoolSpec pool)
    {
        var (h, w, c) = ImageGeometry.Dimensions(layer.Input, pool.Rank, pool.DataFormat)!.Value;
        ImageGeometry g = pool.Global
            ? ImageGeometry.Of(h, w, c, h, w, 1, 1, PaddingKind.Valid, pool.DataFormat)
            : ImageGeometry.Of(h, w, c, pool.PoolHeight, pool.PoolWidth, pool.StrideHeight, pool.StrideWidth, pool.Padding, pool.DataFormat);
        WorkspaceBuffer[] workspace = pool.Pool == PoolKind.Max ? [new(Field("ArgMax"), true, layer.Output.Size, "index of each window's maximum")] : None;
        var plan = new PoolPlan(pool.Pool, g, prefix + "Shape", pool.Pool == PoolKind.Max ? workspace[0].Field : null);
        return new Lowered(plan, ActivationKind.Linear, 0f, layer.Input.Size, workspace);
    }

    public Lowered Lstm(LstmSpec lstm)
    {
        int steps = layer.Input.Dimensions[0], features = layer.Input.Dimensions[1], units = lstm.Units, gates = 4 * units;
        var workspace = new List<WorkspaceBuffer>
        {
            new(Field("Gates"), false, steps * gates, "gates i, f, c, o after their activations, per step"),
            new(Field("Cells"), false, steps * units, "cell state per step"),
            new(Field("Hidden"), false, steps * units, "hidden state per step"),
        };
        LstmState? state = null;
        if (lstm.Stateful)
        {
            workspace.Add(new(Field("InitialHidden"), false, units, "hidden state carried in from the previous batch"));
            workspace.Add(new(Field("InitialCell"), false, units, "cell state carried in from the previous batch"));
            state = new LstmState(batchSize, Field("CarriedHidden"), Field("CarriedCell"), workspace[3].Field, workspace[4].Field);
        }
        var plan = new LstmPlan(
            steps, features, units, lstm.ReturnSequences, lstm.Activation, lstm.RecurrentActivation, lstm.UseBias,
            // Keras's unit forget bias: the forget gate's quarter of the bias starts at 1.
            ForgetBiasOffset: lstm.UnitForgetBias && lstm.UseBias ? parameters[2].Offset + units : null,
            Projection: MatrixProduct.Of(gates, Extent.Of("rows"), Extent.Constant(features), features, 1, lstm.UseBias),
            Gates: workspace[0].Field, Cells: workspace[1].Field, States: workspace[2].Field, State: state);
        return new Lowered(plan, ActivationKind.Linear, 0f, (long)steps * (features + units) * gates, workspace);
    }

    public Lowered Embedding(EmbeddingSpec embedding)
        => new(new EmbeddingPlan(embedding.InputDim, embedding.OutputDim), ActivationKind.Linear, 0f, layer.Output.Size, None);

    public Lowered Activation(ActivationSpec activation)
        => new(new ActivationPlan(activation.Function, layer.Output.Last), activation.Function, 0f, layer.Output.Size, None);

    public Lowered Flatten(FlattenSpec flatten) => new(new FlattenPlan(), ActivationKind.Linear, 0f, layer.Output.Size, None);

    public Lowered Dropout(DropoutSpec dropout)
    {
        var mask = new WorkspaceBuffer(Field("Mask"), false, layer.Output.Size, "0 or 1 / (1 - rate) per value");
        return new Lowered(new DropoutPlan(dropout.Rate, mask.Field), ActivationKind.Linear, 0f, layer.Output.Size, [mask]);
    }
}
