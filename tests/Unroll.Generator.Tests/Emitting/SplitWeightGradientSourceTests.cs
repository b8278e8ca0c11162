using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.Emitting;

/// <summary>
/// A wide output Dense (a weight gradient of 2^18 floats or more), or else a large first Dense (2^15
/// or more), gets its weight gradient as a row-range method the runtime splits across threads;
/// other networks keep it in BackwardRange.
/// </summary>
public sealed class SplitWeightGradientSourceTests
{
    [Fact]
    public void A_wide_output_layer_on_the_data_splits_its_weight_gradient_by_rows()
    {
        string text = GeneratorHarness.Run("""
            using Unroll;

            [Sequential, Input(1024), Dense(1024)]
            public partial class Dense1024;
            """).AssertCompilesCleanly().Source.Text;
        Assert.Contains("protected override (int Offset, int Rows, int Columns) WeightGradientSplit => (0, 1024, 1024);", text);
        Assert.Contains("__DenseWeightGradientRows(inputs, denseGradient, denseKernelGradient, denseBiasGradient, batch, rowStart, rowEnd);", text);
        Assert.Contains("int rowBlocks = rowStart + (rowEnd - rowStart) / 4 * 4;", text);
        Assert.DoesNotContain("Backward(inputs", text); // BackwardRange leaves dW and db to WeightGradientRange
        Assert.DoesNotContain("InputGradient(", text); // no dx: the input is the data
        Assert.DoesNotContain("WeightGradientSplitWaitsForRanges", text); // its g is the loss's
    }

    [Fact]
    public void A_large_first_layer_splits_its_weight_gradient_after_the_ranges()
    {
        string text = GeneratorHarness.Run(GeneratedSourceTests.MnistMlpSource).AssertCompilesCleanly().Source.Text;
        Assert.Contains("protected override (int Offset, int Rows, int Columns) WeightGradientSplit => (0, 784, 64);", text);
        Assert.Contains("protected override bool WeightGradientSplitWaitsForRanges => true;", text);
        Assert.Contains("__DenseWeightGradientRows(inputs, denseGradient, denseKernelGradient, denseBiasGradient, batch, rowStart, rowEnd);", text);
        Assert.DoesNotContain("__DenseBackward(inputs", text); // BackwardRange leaves dW and db to WeightGradientRange
        // BackwardRange still turns the first layer's dLoss/da into dLoss/dz for its rows.
        Assert.Contains("global::Unroll.Kernels.ActivationKernels.ReluBackward(denseOutput, denseGradient);", text);
        Assert.Contains("__Dense1Backward(", text); // the layers above keep theirs
    }

    [Fact]
    public void A_wide_output_layer_takes_the_split_from_a_large_first_layer()
    {
        string text = GeneratorHarness.Run("""
            using Unroll;

            [Sequential, Input(300), Dense(512, Activation = Activation.ReLU), Dense(512)]
            public partial class BothLarge;
            """).AssertCompilesCleanly().Source.Text;
        Assert.Contains("WeightGradientSplit => (154112, 512, 512);", text); // the output layer's, after 300 × 512 + 512
        Assert.DoesNotContain("WeightGradientSplitWaitsForRanges", text);
        Assert.Contains("__DenseBackward(inputs", text); // the first layer's dW stays in BackwardRange
    }

    [Fact]
    public void A_wide_output_layer_with_shared_kernels_still_gets_its_row_kernels_and_dx()
    {
        // The output layer has the first layer's shapes: it reuses that layer's kernels and adds its own split ones.
        string text = GeneratorHarness.Run("""
            using Unroll;

            [Sequential, Input(8), Dense(512), Dense(512), Dense(512)]
            public partial class Deep512;
            """).AssertCompilesCleanly().Source.Text;
        Assert.Contains("Same shapes and activation as an earlier layer: uses __Dense1Forward and __Dense1Backward.", text);
        Assert.Contains("WeightGradientSplit => (267264, 512, 512);", text);
        Assert.Contains("private static void __Dense2WeightGradientRows(", text);
        Assert.Contains("__Dense2InputGradient(dense2Gradient, ", text);
        Assert.Contains("__Dense1Backward(", text); // the layer below keeps the shared kernel
    }

    [Fact]
    public void Narrow_output_layers_and_small_first_layers_keep_their_weight_gradient_in_the_backward_range()
    {
        string text = GeneratorHarness.Run("""
            using Unroll;

            [Sequential, Input(200), Dense(150, Activation = Activation.ReLU), Dense(10)]
            public partial class UnderTheMinimum;
            """).AssertCompilesCleanly().Source.Text; // 30 000 first-layer weights: under 2^15
        Assert.DoesNotContain("WeightGradientSplit", text);
        Assert.DoesNotContain("WeightGradientRows", text);
    }

    [Fact]
    public void A_midsize_only_layer_is_not_split()
    {
        // One layer of 2^15 .. 2^18 floats: neither rule (the first-layer rule needs a layer above).
        string text = GeneratorHarness.Run("""
            using Unroll;

            [Sequential, Input(300), Dense(200)]
            public partial class OneMidsizeLayer;
            """).AssertCompilesCleanly().Source.Text;
        Assert.DoesNotContain("WeightGradientSplit", text);
    }
}
