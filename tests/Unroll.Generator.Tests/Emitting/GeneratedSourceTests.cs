using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.Emitting;

/// <summary>
/// Full-file baselines of a few networks. Like the Regex generator's output tests, they exist to
/// catch breaks to the formatting and readability of the generated code; the other tests assert
/// one method or one region. Every case also compiles the output with zero errors and warnings.
/// </summary>
public sealed class GeneratedSourceTests
{
    public const string PimaSource = """
        using Unroll;

        namespace Pima;

        [Sequential]
        [Input(8)]
        [Dense(12, Activation = Activation.ReLU)]
        [Dense(1, Activation = Activation.Sigmoid)]
        public partial class PimaNet;
        """;

    public const string MnistMlpSource = """
        using Unroll;

        namespace Samples.Mnist;

        [Sequential]
        [Input(784)]
        [Dense(64, Activation = Activation.ReLU)]
        [Dense(64, Activation = Activation.ReLU)]
        [Dense(10, Activation = Activation.Softmax)]
        public partial class MnistMlp;
        """;

    public const string ActivationLayerSource = """
        using Unroll;

        [Sequential]
        [Input(5)]
        [Dense(16, UseBias = false, L2 = 0.01f, KernelInitializer = Initializer.HeNormal)]
        [Activation(Activation.Tanh)]
        [Dense(3, Activation = Activation.Softmax)]
        public partial class TanhNet;
        """;

    /// <summary>Three identical Dense 64 → 64 layers: one pair of kernels, reused.</summary>
    public const string SharedKernelSource = """
        using Unroll;

        namespace Samples;

        [Sequential]
        [Input(64)]
        [Dense(64, Activation = Activation.ReLU)]
        [Dense(64, Activation = Activation.ReLU)]
        [Dense(64, Activation = Activation.ReLU)]
        [Dense(1)]
        public partial class DeepNet;
        """;

    public const string FashionCnnSource = """
        using Unroll;

        namespace Samples.Fashion;

        [Sequential]
        [Input(28, 28, 1)]
        [Conv2D(32, 3, Activation = Activation.ReLU)]
        [MaxPooling2D(2)]
        [Dropout(0.25f)]
        [Flatten]
        [Dense(128, Activation = Activation.ReLU)]
        [Dropout(0.5f)]
        [Dense(10, Activation = Activation.Softmax)]
        public partial class FashionCnn;
        """;

    /// <summary>The text-classification recipe with a stacked pair of LSTMs (sequences, then last state).</summary>
    public const string TextLstmSource = """
        using Unroll;

        namespace Samples.Text;

        [Sequential]
        [Input(12)]
        [Embedding(64, 16)]
        [Lstm(32, ReturnSequences = true)]
        [Lstm(32)]
        [Dense(5, Activation = Activation.Softmax)]
        public partial class TextLstm;
        """;

    [Fact]
    public void TextLstm()
    {
        GeneratedSource source = GeneratorHarness.Run(TextLstmSource).AssertCompilesCleanly().Source;
        Assert.Equal("Samples.Text.TextLstm.81110.g.cs", source.HintName);
        Snapshot.Verify(source.Text);
    }

    [Fact]
    public void FashionCnn()
    {
        GeneratedSource source = GeneratorHarness.Run(FashionCnnSource).AssertCompilesCleanly().Source;
        Assert.Equal("Samples.Fashion.FashionCnn.810204.g.cs", source.HintName);
        Snapshot.Verify(source.Text);
    }

    [Fact]
    public void Pima()
    {
        GeneratedSource source = GeneratorHarness.Run(PimaSource).AssertCompilesCleanly().Source;
        Assert.Equal("Pima.PimaNet.884.g.cs", source.HintName);
        Snapshot.Verify(source.Text);
    }

    [Fact]
    public void MnistMlp()
    {
        GeneratedSource source = GeneratorHarness.Run(MnistMlpSource).AssertCompilesCleanly().Source;
        Assert.Equal("Samples.Mnist.MnistMlp.81084.g.cs", source.HintName);
        Snapshot.Verify(source.Text);
    }

    [Fact]
    public void ActivationLayerWithoutBiasInGlobalNamespace()
    {
        GeneratedSource source = GeneratorHarness.Run(ActivationLayerSource).AssertCompilesCleanly().Source;
        Assert.Equal("TanhNet.84.g.cs", source.HintName);
        Assert.DoesNotContain("namespace ", source.Text);
        Snapshot.Verify(source.Text);
    }

    [Fact]
    public void RegionCommentsDescribeThePathTheCodeTakes()
    {
        // Issue 11: the output layer's comment promised 4-sample Vector256 blocks where the dot-product
        // path runs, and "two accumulators" sat over a kernel that used one.
        string text = GeneratorHarness.Run(PimaSource).Source.Text;
        string hidden = text.Substring(text.IndexOf("#region dense —", StringComparison.Ordinal));
        string output = text.Substring(text.IndexOf("#region dense_1", StringComparison.Ordinal));

        Assert.Contains("// Forward, 4 samples at a time over 12 columns = 1 × Vector256 + 1 × Vector128,", hidden);
        Assert.Contains("//   without 256-bit vectors the same over 12 columns = 1 × 12-column block (3 × Vector128),", hidden);
        Assert.Contains("each sample is one dot product of its 12 inputs", output);
        Assert.Contains("(1 × Vector256 accumulator over [0, 8) + 1 × Vector128;", output);
        Assert.Contains("without 256-bit vectors 2 × Vector128 accumulators over [0, 12)), then", output);
        Assert.DoesNotContain("at a time", output);
        // The Vector256 body has one accumulator; the Vector128 body (three vectors) two.
        string vector256 = output.Substring(0, output.IndexOf("else if (global::System.Runtime.Intrinsics.Vector128", StringComparison.Ordinal));
        string vector128 = output.Substring(vector256.Length);
        Assert.DoesNotContain("two accumulators", vector256.Substring(vector256.IndexOf("if (global::", StringComparison.Ordinal)));
        Assert.DoesNotContain(" d1 ", vector256);
        Assert.Contains(" d1 ", vector128);
    }

    [Fact]
    public void GeneratedCodeCarriesTheGeneratorAssemblysVersion()
    {
        string version = typeof(UnrollGenerator).Assembly.GetName().Version!.ToString(3);
        Assert.Equal(version, Unroll.Generator.Emitting.NetworkEmitter.Version);
        Assert.Contains($"[global::System.CodeDom.Compiler.GeneratedCode(\"Unroll.Generator\", \"{version}\")]", GeneratorHarness.Run(PimaSource).Source.Text);
    }

    [Fact]
    public void IdenticalLayersShareOneKernelPair()
    {
        string text = GeneratorHarness.Run(SharedKernelSource).AssertCompilesCleanly().Source.Text;

        // dense (64 -> 64, no dx: its input is the data) differs from dense_1/dense_2 (which need dx).
        Assert.Equal(1, Count(text, "private static void __DenseForward("));
        Assert.Equal(1, Count(text, "private static void __Dense1Forward("));
        Assert.Equal(1, Count(text, "private static void __Dense1Backward("));
        Assert.Equal(0, Count(text, "private static void __Dense2Forward("));
        Assert.Equal(0, Count(text, "private static void __Dense2Backward("));
        Assert.Contains("global::System.ReadOnlySpan<float> dense2Kernel = p.Slice(8320, 4096); // (64, 64)", text);
        Assert.Contains("__Dense1Forward(dense1Output, dense2Kernel, dense2Bias, dense2Output, count);", text);
        Assert.Contains("Same shapes and activation as an earlier layer: uses __Dense1Forward and __Dense1Backward.", text);
    }

    /// <summary>DESIGN.md's budget: well under 1 MB of generated source for any sample network.</summary>
    [Theory]
    [InlineData("pima", 95_000)] // 92 KB: 73 KB before the unrolled single-sample kernels
    [InlineData("mnist", 510_000)] // 508 KB: 353 KB before the Vector512 bodies, 465 KB before the 6-row Vector512 blocks, 499 KB before the panels packed once
    [InlineData("dense1024", 400_000)] // 374 KB: 242 KB before the column-split forward kernel, 306 KB before the 6-row Vector512 blocks
    public void GeneratedSourceStaysWithinItsBudget(string network, int budgetBytes)
    {
        string source = network switch
        {
            "pima" => PimaSource,
            "mnist" => MnistMlpSource,
            _ => """
                using Unroll;
                [Sequential, Input(1024), Dense(1024)]
                public partial class Dense1024;
                """,
        };
        string text = GeneratorHarness.Run(source).AssertCompilesCleanly().Source.Text;
        Assert.InRange(text.Length, 1, budgetBytes);
    }

    [Fact]
    public void PimaHeaderNamesTheSourceAndParameterOffsets()
    {
        string text = GeneratorHarness.Run(PimaSource).Source.Text;
        Assert.StartsWith("// <auto-generated/>\n// Generated by Unroll.Generator ", text);
        Assert.Contains("[Sequential] PimaNet (Network.cs, line 9).", text);
        Assert.Contains("//   dense_1/bias    [120, 121)  (1)          zeros\n", text);
        Assert.Contains("public const int ParameterLength = 121;", text);
    }

    private static int Count(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
