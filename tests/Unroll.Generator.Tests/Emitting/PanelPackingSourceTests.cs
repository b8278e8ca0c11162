using System.Text.RegularExpressions;
using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.Emitting;

/// <summary>
/// A long reduction is cut into blocks, each over a column panel of B copied into a stackalloc'd
/// buffer; when the batched kernel's one column group covers all N columns, the panel is B's whole
/// rows, contiguous already, and is read in place: no copy and no stackalloc at that width.
/// </summary>
public sealed class PanelPackingSourceTests
{
    private const string Widths = "Vector512 Vector256 Vector128";

    [Theory]
    // 784 → 64: one 64-column block of 4 × Vector512 (the MNIST MLP's first layer); Vector256 and Vector128 have several groups.
    [InlineData("[Sequential, Input(784), Dense(64, Activation = Activation.ReLU)]", "__DenseForward", "wr", 64, "Vector512")]
    // 300 → 24: one 24-column block of 3 × Vector256; Vector512 has a Vector256 tail, Vector128 two blocks.
    [InlineData("[Sequential, Input(300), Dense(24)]", "__DenseForward", "wr", 24, "Vector256")]
    // 300 → 16: one Vector512, or two Vector256 (no full block); Vector128 a 12-column block and a vector.
    [InlineData("[Sequential, Input(300), Dense(16)]", "__DenseForward", "wr", 16, "Vector512 Vector256")]
    // 300 → 12: one 12-column block of 3 × Vector128.
    [InlineData("[Sequential, Input(300), Dense(12)]", "__DenseForward", "wr", 12, "Vector128")]
    // The input gradient of 64 → 200, dx = g (B, 200) · Wᵀ (200, 64) through the transposed copy (W is under 64 KB).
    [InlineData("[Sequential, Input(8), Dense(64), Dense(200), Dense(1)]", "__Dense1Backward", "wtr", 64, "Vector512")]
    // A 3 × 3 × 32 → 64 convolution: patches (B·positions, 288) · W (288, 64).
    [InlineData("[Sequential, Input(8, 8, 32), Conv2D(64, 3), Flatten, Dense(1)]", "__Conv2dForward", "wr", 64, "Vector512")]
    // The column-split forward pass of 4096 → 64: its one block is the share of one part, at j = 0.
    [InlineData("[Sequential, Input(4096), Dense(64)]", "__DenseForwardColumns", "wr", 64, "Vector512")]
    public void A_panel_of_whole_rows_of_B_is_read_in_place(string attributes, string method, string b, int n, string inPlace)
    {
        string text = Method(Generate(attributes), method);
        foreach (string width in Widths.Split(' '))
        {
            string? product = ProductOf(PathOf(text, width), b);
            if (inPlace.Contains(width))
            {
                Assert.NotNull(product);
                Assert.Contains("for (int kb = 0;", product);
                Assert.DoesNotContain("stackalloc", product);
                Assert.DoesNotContain("ref float packed", product);
                Assert.Matches($@"ref float panel = ref global::System\.Runtime\.CompilerServices\.Unsafe\.Add\(ref {b}, kb \* {n}( \+ j)?\);", product);
                Assert.Contains("ref float right = ref panel;", product);
                Assert.Contains($"right = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref right, {n});", product);
            }
            else if (product is not null && product.Contains("for (int kb = 0;"))
            {
                Assert.Contains("stackalloc", product);
                Assert.DoesNotContain("ref float panel", product);
            }
        }
    }

    [Theory]
    // 784 × 64 floats = 196 KB: one block, streamed from L2 by every row block.
    [InlineData("[Sequential, Input(784), Dense(64, Activation = Activation.ReLU)]", 784, 784)]
    // 896 × 64 floats = 224 KB: the largest in-place panel reduced in one block.
    [InlineData("[Sequential, Input(896), Dense(64)]", 896, 896)]
    // 900 × 64 floats is past it: blocks of 128, the panel block stays in L1.
    [InlineData("[Sequential, Input(900), Dense(64)]", 900, 128)]
    // 300 → 16 (one Vector512): 19 KB, one block.
    [InlineData("[Sequential, Input(300), Dense(16)]", 300, 300)]
    public void An_in_place_panel_that_fits_in_L2_is_reduced_in_one_block(string attributes, int k, int block)
    {
        string product = ProductOf(PathOf(Method(Generate(attributes), "__DenseForward"), "Vector512"), "wr")!;
        Assert.Contains("ref float panel = ref", product);
        Assert.Contains($"for (int kb = 0; kb < {k}; kb += {block})", product);
        Assert.Contains($"int kc = global::System.Math.Min({block}, {k} - kb);", product);
    }

    [Theory]
    [InlineData("[Sequential, Input(784), Dense(128)]")]
    [InlineData("[Sequential, Input(1024), Dense(1024)]")]
    [InlineData("[Sequential, Input(784), Dense(72)]")] // 64 + 8: the Vector256 tail leaves the block short of the row
    public void Panels_narrower_than_the_row_stay_packed(string attributes)
    {
        string text = Method(Generate(attributes), "__DenseForward");
        foreach (string width in Widths.Split(' '))
        {
            string path = PathOf(text, width)!;
            Assert.Contains("ref float packed = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(pack);", path);
            Assert.Contains("ref float right = ref packedPanel;", path);
            Assert.DoesNotContain("ref float panel", path);
        }
    }

    [Theory]
    // 1024 → 1024: 16 blocks of 4 × Vector512 (1024 blocked columns); 42 blocks of 3 × Vector256 and 2 × Vector256 (1024).
    [InlineData("[Sequential, Input(1024), Dense(1024)]", "Vector512 Vector256 Vector128", 1048576)]
    // 784 → 64 (the MNIST MLP's first layer): one panel of whole rows at Vector512, read in place; copied at the narrower widths.
    [InlineData("[Sequential, Input(784), Dense(64, Activation = Activation.ReLU)]", "Vector256 Vector128", 50176)]
    public void Copied_panels_can_be_read_from_a_copy_packed_once(string attributes, string copying, int length)
    {
        string text = Generate(attributes);
        Assert.Contains($"protected override int PackedPanelsLength => {length};", text);
        Assert.Contains($"return __DensePackPanels(p.Slice(0, {length}), packed.Slice(0, {length}));", text);
        Assert.Contains($"__DenseForward(inputs, denseKernel, denseBias, denseOutput, count, base.PackedPanels(0, {length}));", text); // ForwardRange
        Assert.Contains($"__DenseForward(input, denseKernel, denseBias, output, 1, base.PackedPanels(0, {length}));", text); // PredictSample
        string kernel = Method(text, "__DenseForward"), pack = Method(text, "__DensePackPanels");
        foreach (string width in Widths.Split(' '))
        {
            string path = PathOf(kernel, width)!, packing = PathOf(pack, width)!;
            if (!copying.Contains(width))
            {
                Assert.DoesNotContain("prepacked", path);
                Assert.Contains("return false;", packing);
                continue;
            }
            // The kernel takes each panel from the packed copy when it has one, else copies it as before;
            // the packing routine writes each at the offset the kernel reads it from.
            Assert.Contains("bool prepacked = !packedPanels.IsEmpty;", path);
            Assert.Contains("global::System.Span<float> pack = prepacked ? default : stackalloc float[", path);
            Assert.Matches(@"ref float packedPanel = ref prepacked \? ref global::System\.Runtime\.CompilerServices\.Unsafe\.Add\(ref packedPanelsr, kb \* \d+ \+ kc \* (j|\d+)\) : ref packed;", path);
            Assert.Contains("if (!prepacked)", path);
            Assert.Contains("ref float right = ref packedPanel;", path);
            Assert.DoesNotContain("ref float right = ref packed;", path);
            foreach (System.Text.RegularExpressions.Match offset in System.Text.RegularExpressions.Regex.Matches(path, @"ref packedPanelsr, (kb \* \d+ \+ kc \* (j|\d+))\)"))
                Assert.Contains($"ref float packed = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref packedPanelsr, {offset.Groups[1].Value});", packing);
            Assert.Contains("return true;", packing);
        }
    }

    [Theory]
    // patches (B·16, 288) · W (288, 40): the im2col convolution's product.
    [InlineData("[Sequential, Input(6, 6, 32), Conv2D(40, 3), Flatten, Dense(3)]", "__Conv2d", "__Conv2dForward", "__Conv2dForward(inputs, conv2dKernel, conv2dBias, conv2dPatches, conv2dOutput, count, base.PackedPanels(0, ")]
    // (B·5, 300) · W (300, 128): the LSTM's input projection.
    [InlineData("[Sequential, Input(5, 300), Lstm(32), Dense(2)]", "__Lstm", "__LstmProject", "rows: count * 5, packedPanels: base.PackedPanels(0, ")]
    public void Convolution_and_lstm_projection_products_read_packed_panels(string attributes, string prefix, string kernel, string call)
    {
        string text = Generate(attributes);
        Assert.Contains(call, text);
        Assert.Contains($"return {prefix}PackPanels(p.Slice(0, ", text);
        Assert.Contains($"private static bool {prefix}PackPanels(global::System.ReadOnlySpan<float> w, global::System.Span<float> packedPanels)", text);
        string method = Method(text, kernel);
        Assert.Contains("global::System.ReadOnlySpan<float> packedPanels)", method);
        Assert.Contains("bool prepacked = !packedPanels.IsEmpty;", method);
        Assert.Contains("ref float right = ref packedPanel;", method);
    }

    [Theory]
    [InlineData(GeneratedSourceTests.PimaSource)]
    [InlineData("using Unroll; [Sequential, Input(100), Dense(100)] public partial class Net;")] // one reduction block, under 128 columns
    [InlineData("using Unroll; [Sequential, Input(64), Dense(64), Dense(10)] public partial class Net;")] // reductions of one block
    public void Networks_without_copied_panels_get_no_packing_code(string source)
    {
        string text = GeneratorHarness.Run(source).AssertCompilesCleanly().Source.Text;
        Assert.DoesNotContain("PackPanels", text);
        Assert.DoesNotContain("PackedPanels", text);
        Assert.DoesNotContain("packedPanels", text);
        Assert.DoesNotContain("prepacked", text);
    }

    [Theory]
    // dense_1's W is 128 × 128 = 16 384 floats (64 KB, Tiling.TransposedReadMinimum): its input gradient reads W itself.
    [InlineData("[Sequential, Input(40), Dense(128), Dense(128), Dense(3)]", 128, 128, true)]
    // 600 × 30: past it, with tail columns at every width (30 = 16 + 8 + 4 + 2 at Vector512).
    [InlineData("[Sequential, Input(40), Dense(600), Dense(30), Dense(3)]", 600, 30, true)]
    // 128 × 127: one float row short of it, so the transposed copy made per backward pass stays.
    [InlineData("[Sequential, Input(40), Dense(128), Dense(127), Dense(3)]", 128, 127, false)]
    public void A_large_kernel_is_read_transposed_in_place_by_its_input_gradient(string attributes, int inputs, int units, bool inPlace)
    {
        string text = Generate(attributes);
        string backward = Method(text, "__Dense1Backward");
        if (!inPlace)
        {
            Assert.Contains("__dense1KernelTransposed", text);
            Assert.DoesNotContain("PackTransposed", backward);
            return;
        }
        // No transposed copy, no PrepareBackward for it: the backward range passes the kernel itself.
        Assert.DoesNotContain("__dense1KernelTransposed", text);
        Assert.DoesNotContain("__Dense1Transpose", text);
        Assert.Contains("global::System.ReadOnlySpan<float> dense1Kernel = p.Slice(", Method(text, "BackwardRange"));
        Assert.Matches(@"__Dense1Backward\(denseOutput, dense1Gradient, dense1KernelGradient, dense1BiasGradient, denseGradient, dense1Kernel, count\);", text);
        Assert.Contains("global::System.Span<float> dx, global::System.ReadOnlySpan<float> w, int batch)", backward);
        foreach (string width in Widths.Split(' '))
        {
            string path = PathOf(backward, width)!;
            string dx = path[path.IndexOf($"dx (B, {inputs}) = g · Wᵀ: panels of Wᵀ packed from W's rows", StringComparison.Ordinal)..];
            Assert.DoesNotContain("wtr", dx);
            // Every column group packs its panel from W's rows (a row of W per column), and every row reads it.
            Assert.Contains($"global::Unroll.Kernels.PanelKernels.PackTransposed(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref wr, j * {units} + kb), {units}, ref packed, ", dx);
            Assert.Contains("for (int i = rowBlocks; i < batch; i++)", dx);
            Assert.DoesNotContain("ref float right = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref wr", dx);
            Assert.Equal(Regex.Matches(dx, "PackTransposed").Count, Regex.Matches(dx, "for \\(int i = rowBlocks; i < batch; i\\+\\+\\)").Count);
        }
        // The scalar kernel reads Wᵀ[k, j] as W[j, k].
        Assert.Contains($"acc = global::Unroll.Kernels.ScalarMath.MultiplyAdd(g[i * {units} + k], w[j * {units} + k], acc);", backward);
    }

    /// <summary>The code of the one product in <paramref name="path"/> whose right operand is <paramref name="b"/>.</summary>
    private static string? ProductOf(string? path, string b)
        => path?.Split("int rowBlocks = ").SingleOrDefault(product => product.Contains($"(ref {b}") || product.Contains($"ref float right = ref {b};"));

    private static string Generate(string attributes) => GeneratorHarness.Run($$"""
        using Unroll;

        {{attributes}}
        public partial class Net;
        """).AssertCompilesCleanly().Source.Text;

    /// <summary>The generated method's text, up to the next member or region end.</summary>
    private static string Method(string text, string name)
    {
        int start = text.IndexOf($" {name}(global::", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{name} not generated");
        int end = text.IndexOf("\n        private static ", start + 1, StringComparison.Ordinal);
        int region = text.IndexOf("#endregion", start, StringComparison.Ordinal);
        if (end < 0 || region >= 0 && region < end) end = region;
        return text.Substring(start, end - start);
    }

    /// <summary>The method's body for <paramref name="width"/>, up to the next width's test; null when it has none.</summary>
    private static string? PathOf(string method, string width)
    {
        string test = $"global::System.Runtime.Intrinsics.{width}.IsHardwareAccelerated &&";
        int start = method.IndexOf(test, StringComparison.Ordinal);
        if (start < 0) return null;
        int end = method.IndexOf("IsHardwareAccelerated &&", start + test.Length, StringComparison.Ordinal);
        if (end < 0) end = method.IndexOf("Scalar path", start, StringComparison.Ordinal);
        return method.Substring(start, end - start);
    }
}
