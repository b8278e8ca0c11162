using System.Text.RegularExpressions;
using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.Emitting;

/// <summary>
/// PredictSample runs a small Dense (at most 128 FMA lines in its Vector128 body: inputs × registers
/// of 4 units) through an unrolled one-sample kernel, ForwardSample, inlined into it, or, below a
/// one-unit Dense, through one kernel for both that keeps the hidden row in registers; larger layers,
/// one-unit (dot product) layers and too-narrow layers keep the Forward kernel with one row.
/// </summary>
public sealed class SingleSampleSourceTests
{
    [Fact]
    public void Pimas_hidden_layer_and_its_dot_product_output_run_as_one_kernel()
    {
        string text = GeneratorHarness.Run(GeneratedSourceTests.PimaSource).AssertCompilesCleanly().Source.Text;
        string predict = Method(text, "protected override void PredictSample(");
        Assert.Contains("__DenseThroughDense1Sample(input, denseKernel, denseBias, denseOutput, dense1Kernel, dense1Bias, output);", predict);
        Assert.DoesNotContain("__Dense1Forward(", predict);
        Assert.DoesNotContain("__DenseForwardSample", text); // nothing calls it, so it is not written
    }

    [Fact]
    public void The_fused_kernel_keeps_the_hidden_row_in_registers_and_has_no_loop_on_the_vector_paths()
    {
        string text = GeneratorHarness.Run(GeneratedSourceTests.PimaSource).AssertCompilesCleanly().Source.Text;
        string kernel = Method(text, "private static void __DenseThroughDense1Sample(");
        Assert.Contains("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]\n        private static void __DenseThroughDense1Sample(", text.Replace("\r\n", "\n"));
        string vectorPaths = kernel.Substring(0, kernel.IndexOf("// Scalar path", StringComparison.Ordinal));
        Assert.DoesNotContain("for (", vectorPaths);
        Assert.DoesNotContain("StoreUnsafe", vectorPaths); // the hidden row is never stored
        // The 8 steps of the Vector256 group, even steps in c0 and odd ones in e0, as Forward's split reduction,
        // then the relu'd sum read by the dot product where Forward would load x.
        Assert.Contains("e0 = global::System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(left7, global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref wr, (global::System.UIntPtr)84), e0);", kernel);
        Assert.Contains("hidden0 = global::System.Runtime.Intrinsics.Vector256.Max(c0 + e0, global::System.Runtime.Intrinsics.Vector256<float>.Zero);", kernel);
        Assert.Contains("d0 = global::System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(hidden0, global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref ur), d0);", kernel);
        Assert.Contains("sum += global::System.Runtime.Intrinsics.Vector128.Sum(hidden8 * global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref ur, (global::System.UIntPtr)8));", kernel);
        // Without vectors, the two Forward kernels with one row (the sigmoid is Forward's then).
        Assert.Contains("__DenseForward(x, w, b, h, 1);", kernel);
        Assert.Contains("__Dense1Forward(h, u, c, a, 1);", kernel);
    }

    [Fact]
    public void PredictSample_is_called_rather_than_inlined_into_Predict_so_that_it_inlines_its_kernels()
    {
        string text = GeneratorHarness.Run(GeneratedSourceTests.PimaSource).AssertCompilesCleanly().Source.Text.Replace("\r\n", "\n");
        Assert.Contains("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]\n        protected override void PredictSample(", text);
    }

    [Fact]
    public void Layers_are_unrolled_up_to_the_limit_and_identical_layers_share_the_kernel()
    {
        string predict = PredictSample("""
            using Unroll;

            [Sequential, Input(5), Dense(24, UseBias = false), Dense(16, Activation = Activation.Sigmoid), Dense(16), Dense(16), Dense(3), Dense(1)]
            public partial class Net;
            """);
        Assert.Contains("__DenseForwardSample(input, denseKernel, default, denseOutput);", predict); // 5 × 6 = 30 lines, no bias
        Assert.Contains("__Dense1ForwardSample(denseOutput, dense1Kernel, dense1Bias, dense1Output);", predict); // 24 × 4 = 96
        Assert.Contains("__Dense2ForwardSample(dense1Output, dense2Kernel, dense2Bias, dense2Output);", predict); // 16 × 4 = 64
        Assert.Contains("__Dense2ForwardSample(dense2Output, dense3Kernel, dense3Bias, dense3Output);", predict); // same shapes: dense_2's kernels
        Assert.Contains("__Dense4Forward(dense3Output, dense4Kernel, dense4Bias, dense4Output, 1);", predict); // 3 units: scalar only
        Assert.Contains("__Dense5Forward(dense4Output, dense5Kernel, dense5Bias, output, 1);", predict); // one unit: the dot product
    }

    [Fact]
    public void A_layer_past_the_limit_keeps_the_forward_kernel()
    {
        string predict = PredictSample("""
            using Unroll;

            [Sequential, Input(33), Dense(16, Activation = Activation.ReLU), Dense(12, Activation = Activation.ReLU), Dense(2)]
            public partial class Net;
            """);
        Assert.Contains("__DenseForward(input, denseKernel, denseBias, denseOutput, 1);", predict); // 33 × 4 = 132 lines
        Assert.Contains("__Dense1ForwardSample(denseOutput, dense1Kernel, dense1Bias, dense1Output);", predict); // 16 × 3 = 48
    }

    [Fact]
    public void The_batched_pass_never_calls_the_single_sample_kernels()
    {
        string text = GeneratorHarness.Run(GeneratedSourceTests.PimaSource).AssertCompilesCleanly().Source.Text;
        Assert.Single(Regex.Matches(text, @"__DenseThroughDense1Sample\(input"));
        Assert.Contains("__DenseForward(inputs, denseKernel, denseBias, denseOutput, count);", Method(text, "protected override void ForwardRange("));
    }

    [Fact]
    public void A_body_whose_text_is_the_same_at_two_widths_is_written_once_under_the_narrower_check()
    {
        // 5 columns fill no Vector256: its body would be the Vector128 one (a Vector128 and a scalar).
        string text = GeneratorHarness.Run("""
            using Unroll;

            [Sequential, Input(32), Dense(5, Activation = Activation.Softmax)]
            public partial class Net;
            """).AssertCompilesCleanly().Source.Text;
        string kernel = Method(text, "private static void __DenseForwardSample(");
        Assert.DoesNotContain("Vector256.IsHardwareAccelerated", kernel);
        Assert.Contains("if (global::System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated && global::Unroll.Kernels.KernelSettings.MaxWidth >= 128)", kernel);
        Assert.Single(Regex.Matches(kernel, "One row, 5 columns"));
    }

    private static string PredictSample(string source)
        => Method(GeneratorHarness.Run(source).AssertCompilesCleanly().Source.Text, "protected override void PredictSample(");

    // The text of the method whose signature starts with `start`, up to its closing brace.
    private static string Method(string text, string start)
    {
        int begin = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(begin >= 0, $"no method {start}");
        int open = text.IndexOf('{', begin), depth = 0;
        for (int i = open; i < text.Length; i++)
        {
            if (text[i] == '{') depth++;
            else if (text[i] == '}' && --depth == 0) return text.Substring(begin, i - begin + 1);
        }
        throw new InvalidOperationException($"{start} has no closing brace");
    }
}
