using Unroll.Generator.Common;
using Unroll.Generator.Lowering;
using Unroll.Generator.Shapes;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Tests.Lowering;

/// <summary>
/// The kernel decisions, asserted on the plan itself (no snapshot): which product each layer takes,
/// direct convolution or im2col, panel packing, the workspace, kernel sharing and transposes.
/// </summary>
public sealed class KernelPlannerTests
{
    private static DenseSpec Dense(string name, int units, ActivationKind activation = ActivationKind.Linear, bool useBias = true, float l2 = 0f)
        => new(name, null, units, activation, useBias, InitializerKind.GlorotUniform, InitializerKind.Zeros, l2);

    private static ConvSpec Conv(string name, int filters, DataFormatKind format = DataFormatKind.ChannelsLast)
        => new(name, null, 2, filters, 3, 3, 1, 1, PaddingKind.Valid, format, ActivationKind.ReLU, true, InitializerKind.GlorotUniform, InitializerKind.Zeros, 0f);

    private static KernelPlan Plan(Shape input, params LayerSpec[] layers) => Plan(input, 0, layers);

    private static KernelPlan Plan(Shape input, int batchSize, params LayerSpec[] layers)
    {
        var diagnostics = new List<Generator.Diagnostics.DiagnosticInfo>();
        var spec = new NetworkSpec("Tests", "Net", "Net.cs", 1, input, layers.ToEquatableArray(), BatchSize: batchSize);
        ShapedNetwork network = ShapeInference.Infer(spec, diagnostics) ?? throw new InvalidOperationException(string.Join("; ", diagnostics));
        return KernelPlanner.Plan(network);
    }

    private static KernelPlan Mnist => Plan(Shape.Of(784), Dense("dense", 128, ActivationKind.ReLU), Dense("dense_1", 10, ActivationKind.Softmax));

    private static KernelPlan Pima => Plan(Shape.Of(8), Dense("dense", 12, ActivationKind.ReLU), Dense("dense_1", 1, ActivationKind.Sigmoid));

    [Fact]
    public void Pimas_hidden_layer_is_a_matrix_product_and_its_output_layer_a_dot_product()
    {
        var (hidden, output) = (Assert.IsType<DensePlan>(Pima.Layers[0].Kind), Assert.IsType<DensePlan>(Pima.Layers[1].Kind));

        Assert.Null(hidden.Dot);
        Assert.True(hidden.VectorForward);
        Assert.Equal(ActivationEpilogue.FusedRelu, hidden.Epilogue);
        Assert.True(hidden.Forward.Relu);
        // 12 inputs, one unit: one Vector256 accumulator over [0, 8) (not two: there is one vector), a Vector128 for the rest.
        Assert.Equal(new DotTiling(VectorWidth.Vector256, 1, 8, true), output.Dot!.Tiling(VectorWidth.Vector256));
        // Without 256-bit vectors: three Vector128s, in two accumulators.
        Assert.Equal(new DotTiling(VectorWidth.Vector128, 2, 12, false), output.Dot.Tiling(VectorWidth.Vector128));
        Assert.Equal(ActivationEpilogue.SharedKernel, output.Epilogue);
        // One column is too narrow for the vector backward kernel.
        Assert.False(output.VectorBackward);
    }

    [Theory]
    [InlineData(7, null, 0, false)]
    [InlineData(8, 1, 8, false)]
    [InlineData(12, 1, 8, true)]
    [InlineData(16, 2, 16, false)]
    [InlineData(30, 2, 24, true)]
    public void A_dot_product_has_two_accumulators_only_when_it_has_two_vectors(int length, int? accumulators, int vectorEnd, bool vector128)
    {
        DotProduct? dot = DotProduct.Of(length);
        if (accumulators is null)
        {
            Assert.Null(dot);
            return;
        }
        DotTiling wide = dot!.Tiling(VectorWidth.Vector256);
        Assert.Equal(new DotTiling(VectorWidth.Vector256, accumulators.Value, vectorEnd, vector128), wide);
        Assert.Equal(vectorEnd + (vector128 ? 4 : 0), wide.ScalarStart);
    }

    [Theory]
    //          length accumulators vectorEnd pairedEnd
    [InlineData(8, 2, 8, 8)]
    [InlineData(12, 2, 12, 8)]
    [InlineData(30, 2, 28, 24)]
    [InlineData(784, 2, 784, 784)]
    public void A_vector128_dot_product_covers_all_but_three_values_in_vectors(int length, int accumulators, int vectorEnd, int pairedEnd)
    {
        DotTiling narrow = DotProduct.Of(length)!.Tiling(VectorWidth.Vector128);
        Assert.Equal(new DotTiling(VectorWidth.Vector128, accumulators, vectorEnd, false), narrow);
        Assert.Equal(pairedEnd, narrow.PairedEnd);
        Assert.Equal(vectorEnd, narrow.ScalarStart);
    }

    [Fact]
    public void Every_product_is_tiled_for_vector256_and_vector128_with_the_same_register_blocking()
    {
        KernelPlan plan = Plan(Shape.Of(784), Dense("dense", 128, ActivationKind.ReLU), Dense("dense_1", 10));
        var hidden = Assert.IsType<DensePlan>(plan.Layers[0].Kind);
        ProductTiling wide = hidden.Forward.Tiling(VectorWidth.Vector256), narrow = hidden.Forward.Tiling(VectorWidth.Vector128);

        Assert.Equal(VectorWidth.Vector128, narrow.Width);
        // 128 columns: 5 blocks of 3 × Vector256 + 1 Vector256, or 10 blocks of 3 × Vector128 + 2 Vector128.
        Assert.Equal((5, 1, false, 0), (wide.RowBlocks.Blocks, wide.RowBlocks.Vectors, wide.RowBlocks.HalfVector, wide.RowBlocks.Scalars));
        Assert.Equal((10, 2, false, 0), (narrow.RowBlocks.Blocks, narrow.RowBlocks.Vectors, narrow.RowBlocks.HalfVector, narrow.RowBlocks.Scalars));
        Assert.Equal(Tiling.BlockVectors, narrow.RowBlocks.BlockVectors);
        // Single rows: 8 accumulators of 4 columns, 4 blocks of 32 columns.
        Assert.Equal((8, 4, 0), (narrow.SingleRows.BlockVectors, narrow.SingleRows.Blocks, narrow.SingleRows.Vectors));
        Assert.Equal(wide.PacksPanels, narrow.PacksPanels);
        Assert.True(narrow.UsesVectors);
        // Ten output columns: 2 × Vector128 + 2 scalars at 128 bits.
        ProductTiling output = Assert.IsType<DensePlan>(plan.Layers[1].Kind).Forward.Tiling(VectorWidth.Vector128);
        Assert.Equal((0, 2, 2), (output.RowBlocks.Blocks, output.RowBlocks.Vectors, output.RowBlocks.Scalars));
    }

    [Fact]
    public void A_convolution_on_one_channel_last_image_is_direct()
    {
        KernelPlan plan = Plan(Shape.Of(28, 28, 1), Conv("conv2d", 32), new FlattenSpec("flatten", null), Dense("dense", 2));
        var conv = Assert.IsType<ConvPlan>(plan.Layers[0].Kind);

        Assert.Equal(ConvAlgorithm.Direct, conv.Algorithm);
        Assert.Equal((26, 26, 9), (conv.Geometry.OutHeight, conv.Geometry.OutWidth, conv.Patch));
        Assert.Null(conv.ChannelsFirstStaging);
        Assert.Equal(Extent.Of("batch", 676), conv.Forward.M);
        Assert.Null(conv.InputGradient);
        Assert.Null(plan.Layers[0].Transpose);
    }

    [Theory]
    [InlineData(28, 1, true)]
    [InlineData(28, 4, true)]
    [InlineData(28, 8, true)]   // 26-wide rows: three blocks of 8 positions
    [InlineData(28, 32, true)]  // a patch of 288
    [InlineData(28, 33, false)] // a patch of 297: many passes over g for the weight gradient
    [InlineData(14, 8, false)]  // 12-wide rows: less than two position blocks
    [InlineData(7, 4, true)]    // at most 4 channels: always direct
    public void The_direct_convolution_rule_follows_the_measurement(int size, int channels, bool direct)
    {
        var conv = Assert.IsType<ConvPlan>(Plan(Shape.Of(size, size, channels), Conv("conv2d", 32)).Layers[0].Kind);
        Assert.Equal(direct ? ConvAlgorithm.Direct : ConvAlgorithm.Im2Col, conv.Algorithm);
    }

    [Theory]
    [InlineData(32, true)]  // two Vector512 of filters
    [InlineData(8, false)]  // not one Vector512: the Vector256 body serves
    public void An_im2col_convolution_has_a_Vector512_body_where_its_products_fill_one(int filters, bool vector512)
    {
        var conv = Assert.IsType<ConvPlan>(Plan(Shape.Of(12, 12, 40), Conv("conv2d", filters)).Layers[0].Kind);
        Assert.Equal(ConvAlgorithm.Im2Col, conv.Algorithm);
        Assert.Equal(vector512, conv.ProductForwardWidths.Contains(VectorWidth.Vector512));
        Assert.Equal(vector512, conv.ProductBackwardWidths.Contains(VectorWidth.Vector512));
    }

    [Fact]
    public void A_strided_convolution_on_many_channels_takes_im2col()
    {
        var strided = new ConvSpec("conv2d", null, 2, 32, 3, 3, 2, 2, PaddingKind.Same, DataFormatKind.ChannelsLast, ActivationKind.ReLU, true, InitializerKind.GlorotUniform, InitializerKind.Zeros, 0f);
        Assert.Equal(ConvAlgorithm.Im2Col, Assert.IsType<ConvPlan>(Plan(Shape.Of(40, 40, 8), strided).Layers[0].Kind).Algorithm);
    }

    [Fact]
    public void The_direct_kernels_block_for_the_register_file()
    {
        // Vector512 (32 registers): 8 positions × 2 filter vectors; all 9 kernel rows of a 3×3×1 patch in one pass.
        Assert.Equal(8, DirectConvolution.Positions(VectorWidth.Vector512, 2));
        Assert.Equal((2, 9), DirectConvolution.WeightGradientBlocking(VectorWidth.Vector512, 2, 9, bias: true));
        // Vector256 (16 registers): 2 positions × 4 vectors + 4 weights + 1 broadcast; dW in 4 passes of 5 rows × 2 vectors.
        Assert.Equal(2, DirectConvolution.Positions(VectorWidth.Vector256, 4));
        Assert.Equal((2, 5), DirectConvolution.WeightGradientBlocking(VectorWidth.Vector256, 4, 9, bias: true));
        // Vector512 only where the filters fill two or more registers.
        Assert.Equal(VectorWidth.Vector512, DirectConvolution.WidthsFor(32)[0]);
        Assert.Equal(VectorWidth.Vector256, DirectConvolution.WidthsFor(16)[0]);
        Assert.Equal(VectorWidth.Vector256, DirectConvolution.WidthsFor(40)[0]);
    }

    [Fact]
    public void A_channels_first_convolution_and_one_on_many_channels_take_im2col()
    {
        var first = Assert.IsType<ConvPlan>(Plan(Shape.Of(1, 28, 28), Conv("conv2d", 8, DataFormatKind.ChannelsFirst)).Layers[0].Kind);
        var wide = Assert.IsType<ConvPlan>(Plan(Shape.Of(10, 10, 8), Conv("conv2d", 8)).Layers[0].Kind);

        Assert.Equal(ConvAlgorithm.Im2Col, first.Algorithm);
        Assert.Equal("__conv2dStaging", first.ChannelsFirstStaging);
        Assert.Equal(ConvAlgorithm.Im2Col, wide.Algorithm);
        Assert.Equal(72, wide.Patch);
    }

    [Fact]
    public void Long_reductions_and_wide_products_pack_panels()
    {
        KernelPlan plan = Plan(Shape.Of(784), Dense("dense", 64, ActivationKind.ReLU), Dense("dense_1", 128), Dense("dense_2", 10));
        var (first, wide, last) = (Assert.IsType<DensePlan>(plan.Layers[0].Kind), Assert.IsType<DensePlan>(plan.Layers[1].Kind), Assert.IsType<DensePlan>(plan.Layers[2].Kind));

        Assert.True(first.Forward.Tiling(VectorWidth.Vector256).PacksPanels);          // K = 784 > 256
        Assert.False(first.WeightGradient.Tiling(VectorWidth.Vector256).PacksPanels);  // K = the batch, 64 columns
        Assert.True(wide.Forward.Tiling(VectorWidth.Vector256).PacksPanels);           // 128 columns
        Assert.True(wide.WeightGradient.Tiling(VectorWidth.Vector256).PacksPanels);
        Assert.False(last.Forward.Tiling(VectorWidth.Vector256).PacksPanels);          // K = 128, 10 columns
        // Only a reduction of known length splits single rows over two accumulators.
        Assert.True(last.Forward.Tiling(VectorWidth.Vector256).SplitsReduction);
        Assert.False(last.WeightGradient.Tiling(VectorWidth.Vector256).SplitsReduction);
    }

    [Fact]
    public void Every_product_is_tiled_per_vector_width()
    {
        var dense = Assert.IsType<DensePlan>(Pima.Layers[0].Kind);

        Assert.Equal(new[] { VectorWidth.Vector512, VectorWidth.Vector256, VectorWidth.Vector128 }, dense.Forward.Tilings.Select(t => t.Width));
        ProductTiling tiling = dense.Forward.Tilings[1];
        Assert.Equal(VectorWidth.Vector256, tiling.Width);
        Assert.Equal(Tiling.Columns(12), tiling.RowBlocks);
        Assert.Equal(Tiling.SingleRowColumns(12), tiling.SingleRows);
        Assert.Same(tiling, dense.Forward.Tiling(VectorWidth.Vector256));
        Assert.Equal(Tiling.Columns(12, Tiling.BlockVectors, VectorWidth.Vector128), dense.Forward.Tiling(VectorWidth.Vector128).RowBlocks);
        // 12 columns fill no Vector512: its body would be the Vector256 one, so the kernel has none.
        Assert.False(dense.Forward.Pays(VectorWidth.Vector512));
        Assert.Same(tiling, dense.Forward.Tiling(VectorWidth.Vector512));
        Assert.Equal(new[] { VectorWidth.Vector256, VectorWidth.Vector128 }, dense.ForwardWidths);
    }

    [Fact]
    public void Products_wide_enough_for_a_Vector512_get_a_Vector512_body()
    {
        var hidden = Assert.IsType<DensePlan>(Mnist.Layers[0].Kind);   // 784 -> 128
        var output = Assert.IsType<DensePlan>(Mnist.Layers[^1].Kind);  // 128 -> 10

        ProductTiling wide = hidden.Forward.Tiling(VectorWidth.Vector512);
        Assert.Equal(VectorWidth.Vector512, wide.RowBlocks.Lane);
        Assert.Equal(Tiling.BlockVectors512, wide.RowBlocks.BlockVectors);
        Assert.Equal(Tiling.ReductionBlock512, wide.ReductionBlock);
        Assert.Equal(VectorWidths.All, hidden.ForwardWidths);
        Assert.Equal(VectorWidths.All, hidden.BackwardWidths);
        // 10 columns: forward has no Vector512 body; backward does, for dx (128 columns).
        Assert.Equal(VectorWidths.UpTo256, output.ForwardWidths);
        Assert.Equal(VectorWidths.All, output.BackwardWidths);
    }

    [Fact]
    public void The_workspace_lists_each_layers_buffers_by_keras_name()
    {
        KernelPlan plan = Plan(Shape.Of(28, 28, 1),
            Conv("conv2d", 32),
            new PoolSpec("max_pooling2d", null, 2, PoolKind.Max, false, 2, 2, 2, 2, PaddingKind.Valid, DataFormatKind.ChannelsLast),
            new DropoutSpec("dropout", null, 0.25f),
            new FlattenSpec("flatten", null),
            Dense("dense_1", 10, ActivationKind.Softmax));

        Assert.Equal(
        [
            ("__conv2dOutput", false, 21632), ("__conv2dGradient", false, 21632), ("__conv2dPatches", false, 6084),
            ("__maxPooling2dOutput", false, 5408), ("__maxPooling2dGradient", false, 5408), ("__maxPooling2dArgMax", true, 5408),
            ("__dropoutOutput", false, 5408), ("__dropoutGradient", false, 5408), ("__dropoutMask", false, 5408),
            ("__dense1Output", false, 10), ("__dense1Gradient", false, 10),
        ], plan.Layers.SelectMany(l => l.OwnWorkspace).Select(b => (b.Field, b.Integers, b.PerSample)));
        Assert.Equal("__maxPooling2dArgMax", Assert.IsType<PoolPlan>(plan.Layers[1].Kind).ArgMax);
        // The Flatten reads and writes the dropout's buffers in place.
        LayerPlan flatten = plan.Layers[3];
        Assert.True(flatten.SharesBuffersBelow);
        Assert.Equal(("__dropoutOutput", "__dropoutGradient"), (flatten.Output.Field, flatten.Gradient.Field));
        Assert.Equal(plan.Layers.Sum(l => l.OwnWorkspace.Sum(b => b.PerSample)), plan.Layers.Sum(l => l.WorkspacePerSample));
    }

    [Fact]
    public void A_flatten_keeps_buffers_of_its_own_as_the_first_or_the_output_layer()
    {
        KernelPlan first = Plan(Shape.Of(4, 5), new FlattenSpec("flatten", null), Dense("dense", 3, ActivationKind.Linear));
        Assert.False(first.Layers[0].SharesBuffersBelow);
        Assert.Equal("__flattenOutput", first.Layers[0].Output.Field);
        KernelPlan last = Plan(Shape.Of(4, 5), Dense("dense", 3, ActivationKind.Tanh), new FlattenSpec("flatten", null));
        Assert.False(last.Layers[1].SharesBuffersBelow);
        Assert.Equal("__flattenOutput", last.Layers[1].Output.Field);
    }

    [Fact]
    public void A_stateful_lstm_keeps_its_gates_states_and_the_state_it_started_from()
    {
        KernelPlan plan = Plan(Shape.Of(6), 4,
            new EmbeddingSpec("embedding", null, 20, 4, InitializerKind.RandomUniform),
            new LstmSpec("lstm", null, 5, false, InitializerKind.GlorotUniform, InitializerKind.Orthogonal, true, Stateful: true));
        LayerPlan layer = plan.Layers[1];
        var lstm = Assert.IsType<LstmPlan>(layer.Kind);

        Assert.Equal(["__lstmOutput", "__lstmGradient", "__lstmGates", "__lstmCells", "__lstmHidden", "__lstmInitialHidden", "__lstmInitialCell"], layer.Workspace.Select(b => b.Field));
        Assert.Equal([5, 5, 120, 30, 30, 5, 5], layer.Workspace.Select(b => b.PerSample));
        Assert.Equal(new LstmState(4, "__lstmCarriedHidden", "__lstmCarriedCell", "__lstmInitialHidden", "__lstmInitialCell"), lstm.State);
        // Unit forget bias: the forget gate's quarter of the bias, the second.
        Assert.Equal(layer.Parameters[2].Offset + 5, lstm.ForgetBiasOffset);
        Assert.Equal(MatrixProduct.Of(20, Extent.Of("rows"), Extent.Constant(4), 4, 1, bias: true), lstm.Projection);
    }

    [Fact]
    public void Identical_dense_layers_share_the_first_ones_kernels()
    {
        KernelPlan plan = Plan(Shape.Of(64), Dense("dense", 64, ActivationKind.ReLU), Dense("dense_1", 64, ActivationKind.ReLU), Dense("dense_2", 64, ActivationKind.ReLU), Dense("dense_3", 1));
        var dense = plan.Layers.Select(l => Assert.IsType<DensePlan>(l.Kind)).ToArray();

        // dense's input is the data (no dx), so it differs from dense_1 and dense_2.
        Assert.Equal(["__Dense", "__Dense1", "__Dense1", "__Dense3"], dense.Select(d => d.KernelPrefix));
        Assert.Equal([false, false, true, false], dense.Select(d => d.SharesKernels));
        // Each layer keeps its own Wᵀ; the shared kernels transpose it.
        Assert.Null(plan.Layers[0].Transpose);
        Assert.Equal(new KernelTranspose("__dense2KernelTransposed", "__Dense1Transpose", 64, 64), plan.Layers[2].Transpose);
        Assert.Equal(new KernelTranspose("__dense3KernelTransposed", "__Dense3Transpose", 64, 1), plan.Layers[3].Transpose);
    }

    [Fact]
    public void Kernels_of_64_KB_or_more_are_read_transposed_by_their_input_gradient_without_a_copy()
    {
        // 128 × 128 = 16 384 floats (64 KB): no Wᵀ; identical layers still share kernels, each passing its own W.
        // 128 × 127: under it, so its input gradient reads the transposed copy made per backward pass.
        KernelPlan plan = Plan(Shape.Of(40), Dense("dense", 128), Dense("dense_1", 128), Dense("dense_2", 128), Dense("dense_3", 127), Dense("dense_4", 3));
        var dense = plan.Layers.Select(l => Assert.IsType<DensePlan>(l.Kind)).ToArray();

        Assert.Null(dense[0].InputGradient); // the input is the data
        Assert.Equal([true, true], dense[1..3].Select(d => d.InputGradient!.BTransposed));
        Assert.Equal([null, null, null], plan.Layers.Take(3).Select(l => l.Transpose));
        Assert.True(dense[2].SharesKernels);
        Assert.Equal("__Dense1", dense[2].KernelPrefix);
        Assert.False(dense[3].InputGradient!.BTransposed);
        Assert.Equal(new KernelTranspose("__dense3KernelTransposed", "__Dense3Transpose", 128, 127), plan.Layers[3].Transpose);
    }

    [Fact]
    public void The_plan_records_activation_penalty_and_multiply_adds_per_layer()
    {
        KernelPlan plan = Plan(Shape.Of(5), Dense("dense", 16, useBias: false, l2: 0.01f), new ActivationSpec("activation", null, ActivationKind.Tanh), Dense("dense_1", 3, ActivationKind.Softmax));

        Assert.Equal([ActivationKind.Linear, ActivationKind.Tanh, ActivationKind.Softmax], plan.Layers.Select(l => l.Activation));
        Assert.Equal([0.01f, 0f, 0f], plan.Layers.Select(l => l.L2));
        Assert.Equal([80L, 16L, 48L], plan.Layers.Select(l => l.MultiplyAdds));
        Assert.Equal(new ActivationPlan(ActivationKind.Tanh, 16), plan.Layers[1].Kind);
    }

    [Theory]
    [InlineData("dense", "dense")]
    [InlineData("dense_1", "dense1")]
    [InlineData("max_pooling2d_3", "maxPooling2d3")]
    [InlineData("global_average_pooling1d", "globalAveragePooling1d")]
    public void Local_names_are_the_keras_names_in_camel_case(string layerName, string local)
        => Assert.Equal(local, KernelPlanner.LocalName(layerName));
}
