using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.Emitting;

/// <summary>
/// A wide output Dense (a weight gradient of 2^18 floats or more), or else the largest other Dense of
/// 2^19 or more (first or middle), gets its weight gradient as a row-range method the runtime splits
/// across threads; other networks keep it in BackwardRange.
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
    public void A_large_middle_layer_splits_its_weight_gradient_after_the_ranges()
    {
        // The Fashion-MNIST CNN's Dense 5408 → 128 (692 224 floats, over 2^19) reads the flatten
        // output, which is the dropout's buffer (the Flatten shares it).
        string text = GeneratorHarness.Run(GeneratedSourceTests.FashionCnnSource).AssertCompilesCleanly().Source.Text;
        Assert.Contains("protected override (int Offset, int Rows, int Columns) WeightGradientSplit => (320, 5408, 128);", text);
        Assert.Contains("protected override bool WeightGradientSplitWaitsForRanges => true;", text);
        Assert.Contains("__DenseWeightGradientRows(dropoutOutput, denseGradient, denseKernelGradient, denseBiasGradient, batch, rowStart, rowEnd);", text);
        // BackwardRange still turns its dLoss/da into dLoss/dz and makes dx for its rows, but no dW.
        Assert.Contains("global::Unroll.Kernels.ActivationKernels.ReluBackward(denseOutput, denseGradient);", text);
        Assert.Contains("__DenseInputGradient(denseGradient, denseKernel, dropoutGradient, count);", text);
        Assert.DoesNotContain("__DenseBackward(", text);
        Assert.Contains("__Dense1Backward(", text); // the output layer keeps its own
    }

    [Fact]
    public void A_large_first_layer_splits_its_weight_gradient_after_the_ranges()
    {
        string text = GeneratorHarness.Run("""
            using Unroll;

            [Sequential, Input(1024), Dense(512, Activation = Activation.ReLU), Dense(10)]
            public partial class LargeFirst;
            """).AssertCompilesCleanly().Source.Text; // 2^19 floats: the minimum
        Assert.Contains("WeightGradientSplit => (0, 1024, 512);", text);
        Assert.Contains("protected override bool WeightGradientSplitWaitsForRanges => true;", text);
        Assert.Contains("__DenseWeightGradientRows(inputs, denseGradient, denseKernelGradient, denseBiasGradient, batch, rowStart, rowEnd);", text);
        Assert.DoesNotContain("__DenseBackward(", text);
        Assert.DoesNotContain("__DenseInputGradient(", text); // no dx: the input is the data
    }

    [Fact]
    public void A_middle_layer_just_under_the_minimum_keeps_its_weight_gradient_in_the_backward_range()
    {
        string Source(int units) => $$"""
            using Unroll;

            [Sequential, Input(16), Dense({{units}}, Activation = Activation.ReLU), Dense(512, Activation = Activation.ReLU), Dense(10)]
            public partial class Middle;
            """;
        string at = GeneratorHarness.Run(Source(1024)).AssertCompilesCleanly().Source.Text; // 1024 × 512 = 2^19
        Assert.Contains("WeightGradientSplit => (17408, 1024, 512);", at); // after 16 × 1024 + 1024
        string under = GeneratorHarness.Run(Source(1023)).AssertCompilesCleanly().Source.Text; // 1023 × 512 < 2^19
        Assert.DoesNotContain("WeightGradientSplit", under);
        Assert.Contains("__Dense1Backward(", under);
    }

    [Fact]
    public void A_layer_whose_kernels_a_later_layer_calls_is_not_split()
    {
        // dense_1 and dense_2 have one signature: dense_2 calls dense_1's Backward kernel, so the
        // split goes to dense_2 (a sharer emits only its split kernels), not to dense_1.
        string text = GeneratorHarness.Run("""
            using Unroll;

            [Sequential, Input(8), Dense(1100), Dense(1100, Activation = Activation.ReLU), Dropout(0.5f), Dense(1100, Activation = Activation.ReLU), Dense(10)]
            public partial class SharedLarge;
            """).AssertCompilesCleanly().Source.Text;
        Assert.Contains("WeightGradientSplit => (1221000, 1100, 1100);", text); // dense_2's, after 8 × 1100 + 1100 and 1100 × 1100 + 1100
        Assert.Contains("private static void __Dense2WeightGradientRows(", text);
        Assert.Contains("__Dense1Backward(denseOutput, dense1Gradient, dense1KernelGradient, ", text); // dense_1 keeps its dW in BackwardRange
        Assert.Contains("__Dense2InputGradient(dense2Gradient, ", text);
    }

    [Fact]
    public void A_wide_output_layer_takes_the_split_from_a_large_first_layer()
    {
        string text = GeneratorHarness.Run("""
            using Unroll;

            [Sequential, Input(1100), Dense(512, Activation = Activation.ReLU), Dense(512)]
            public partial class BothLarge;
            """).AssertCompilesCleanly().Source.Text;
        Assert.Contains("WeightGradientSplit => (563712, 512, 512);", text); // the output layer's, after 1100 × 512 + 512
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
    public void Narrow_output_layers_and_small_other_layers_keep_their_weight_gradient_in_the_backward_range()
    {
        string text = GeneratorHarness.Run("""
            using Unroll;

            [Sequential, Input(200), Dense(150, Activation = Activation.ReLU), Dense(10)]
            public partial class UnderTheMinimum;
            """).AssertCompilesCleanly().Source.Text; // 30 000 first-layer weights: under 2^19
        Assert.DoesNotContain("WeightGradientSplit", text);
        Assert.DoesNotContain("WeightGradientRows", text);
        // MNIST's 784 × 64 first layer (2^15.6 floats): splitting it measured slower on two threads.
        Assert.DoesNotContain("WeightGradientSplit", GeneratorHarness.Run(GeneratedSourceTests.MnistMlpSource).AssertCompilesCleanly().Source.Text);
    }

    [Fact]
    public void A_midsize_only_layer_is_not_split()
    {
        // One layer under 2^18 floats: it is the output layer, so only the output rule applies.
        string text = GeneratorHarness.Run("""
            using Unroll;

            [Sequential, Input(300), Dense(200)]
            public partial class OneMidsizeLayer;
            """).AssertCompilesCleanly().Source.Text;
        Assert.DoesNotContain("WeightGradientSplit", text);
    }
}
