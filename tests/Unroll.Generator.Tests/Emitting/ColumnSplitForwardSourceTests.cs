using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.Emitting;

/// <summary>
/// A network whose only layer is a wide Dense (a kernel of 2^18 floats or more, linear or relu)
/// gets a column-split forward method the runtime hands to its threads; other networks split the batch only.
/// </summary>
public sealed class ColumnSplitForwardSourceTests
{
    [Fact]
    public void A_wide_only_layer_splits_its_forward_pass_by_columns()
    {
        string text = GeneratorHarness.Run("""
            using Unroll;

            [Sequential, Input(1024), Dense(1024, Activation = Activation.ReLU)]
            public partial class Dense1024;
            """).AssertCompilesCleanly().Source.Text;
        Assert.Contains("protected override bool SplitsForwardColumns => true;", text);
        // Its panels packed once (a Predictor's) are the ones ForwardRange reads: the layer's one region.
        Assert.Contains("__DenseForwardColumns(inputs, denseKernel, denseBias, denseOutput, batch, part, parts, base.PackedPanels(0, 1048576));", text);
        // 16 blocks of 4 × Vector512 and 42 of 3 × Vector256, shared out by part.
        Assert.Contains("for (int j = 16 * part / parts * 64; j < 16 * (part + 1) / parts * 64; j += 64)", text);
        Assert.Contains("for (int j = 42 * part / parts * 24; j < 42 * (part + 1) / parts * 24; j += 24)", text);
        Assert.Contains("if (part == parts - 1)", text); // Vector256's last 16 columns
        Assert.Contains("for (int j = 1024 * part / parts; j < 1024 * (part + 1) / parts; j++)", text); // scalar path
        Assert.Contains("global::System.Runtime.Intrinsics.Vector512.Max(", text); // relu in the store epilogue
    }

    [Theory]
    [InlineData("[Sequential, Input(1024), Dense(1024, Activation = Activation.Sigmoid)]")] // activation over whole rows afterwards
    [InlineData("[Sequential, Input(1024), Dense(1024), Dense(4)]")] // a layer after it needs all its columns
    [InlineData("[Sequential, Input(16), Dense(16), Dense(1024)]")]
    [InlineData("[Sequential, Input(200), Dense(1000)]")] // 200 000 floats, under 2^18
    public void Other_networks_split_only_the_batch(string attributes)
    {
        string text = GeneratorHarness.Run($$"""
            using Unroll;

            {{attributes}}
            public partial class Net;
            """).AssertCompilesCleanly().Source.Text;
        Assert.DoesNotContain("SplitsForwardColumns", text);
        Assert.DoesNotContain("ForwardColumns(", text);
    }
}
