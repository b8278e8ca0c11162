using System.Text.RegularExpressions;
using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.Emitting;

/// <summary>
/// The 6-row Vector512 blocks over panels packed once prefetch the panel they read next into L2, a
/// line a step, the first (panel width / 16) row blocks each a share: the next block of the thread's
/// columns, or after its last one its first of the next reduction block. The guard keeps every
/// prefetched line inside the buffer; panels copied per call, the 4-row blocks and the narrower
/// widths prefetch nothing.
/// </summary>
public sealed class PanelPrefetchSourceTests
{
    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    private const string Prefetch = "global::Unroll.Kernels.Prefetch.ToL2(ref ahead);";

    [Theory]
    // dense1024: 16 groups of 64 columns, 4 row blocks of 6 prefetch (4 lines a step of the panel); 8 reduction blocks of 128.
    [InlineData("[Sequential, Input(1024), Dense(1024)]", "__DenseForward", "wr", 1024, 1024, 1024, 128, "0", "1024")]
    // The column-split pass: after the part's last block, the part's first block of the next reduction block.
    [InlineData("[Sequential, Input(1024), Dense(1024)]", "__DenseForwardColumns", "wr", 1024, 1024, 1024, 128, "16 * part / parts * 64", "16 * (part + 1) / parts * 64")]
    // 300 → 200: three groups of 64 and a remainder of 8 (a Vector256 tail): blocked columns end at 192; 300 = 2 · 128 + 44.
    [InlineData("[Sequential, Input(300), Dense(200)]", "__DenseForward", "wr", 300, 200, 192, 128, "0", "192")]
    public void Wide_row_blocks_prefetch_the_next_panel_packed_once(string attributes, string method, string b, int k, int n, int blocked, int block, string start, string end)
    {
        string path = PathOf(Method(Generate(attributes), method), "Vector512");
        Assert.Contains($"bool sameBlock = j + 64 < {end};", path);
        Assert.Contains($"int nextRow = sameBlock ? kb : kb + kc, nextColumn = sameBlock ? j + 64 : {start};", path);
        Assert.Contains($"int nextPanel = nextRow * {blocked} + global::System.Math.Min({block}, {k} - nextRow) * nextColumn;", path);
        Assert.Contains($"bool prefetches = prepacked && nextRow < {k} && nextPanel + kc * 64 <= packedPanels.Length;", path);
        Assert.Contains($"ref float next = ref prefetches ? ref {Unsafe}.Add(ref packedPanelsr, nextPanel) : ref packedPanel;", path);
        Assert.Contains("bool aheads = prefetches && i < 24;", path);
        Assert.Contains($"ref float ahead = ref aheads ? ref {Unsafe}.Add(ref next, i / 6 * kc * 16) : ref right;", path);
        Assert.Contains("int aheadStep = aheads ? 16 : 0;", path);
        // Copied per call (the same kernel, when there is no packed copy), nothing of B is prefetched.
        Assert.Contains($"ref float source = ref {Unsafe}.Add(ref {b}, kb * {n} + j);", path);
        Assert.DoesNotContain($"ref {b}, nextRow", path);
        // Only in the 6-row kernel's loop, first in it: the 4-row kernel and the tail columns have none.
        int wideKernels = 0;
        foreach (string kernel in path.Split("for (int i = ").Skip(1))
        {
            bool wide = kernel.StartsWith("0; i < wideRowBlocks; i += 6)", StringComparison.Ordinal);
            Assert.Equal(wide, kernel.Contains(Prefetch));
            if (!wide) continue;
            wideKernels++;
            Assert.Contains($"{{\n{Indent(kernel)}{Prefetch}\n", kernel);
        }
        Assert.True(wideKernels > 0);
        Assert.Contains($"ahead = ref {Unsafe}.Add(ref ahead, aheadStep);", path);
    }

    // The indentation of the statements of the 6-row kernel's reduction loop.
    private static string Indent(string kernel)
    {
        int loop = kernel.IndexOf("for (int k = 0; k < kc; k++)", StringComparison.Ordinal);
        int lineStart = kernel.LastIndexOf('\n', loop) + 1;
        return new string(' ', loop - lineStart + 4);
    }

    [Theory]
    [InlineData("[Sequential, Input(1024), Dense(1024)]", "__DenseForward")]
    // The MNIST MLP's 784 → 64 at Vector512: one panel of whole rows, read in place (no copy to follow).
    [InlineData("[Sequential, Input(784), Dense(64)]", "__DenseForward")]
    // The input gradient reads Wᵀ's panels copied per call, with no packed copy.
    [InlineData("[Sequential, Input(8), Dense(300), Dense(256), Dense(1)]", "__Dense1Backward")]
    public void Other_widths_and_kernels_without_packed_panels_prefetch_nothing(string attributes, string method)
    {
        string text = Method(Generate(attributes), method);
        foreach (string width in new[] { "Vector256", "Vector128" })
            Assert.DoesNotContain("Prefetch", PathOf(text, width));
        if (method != "__DenseForward" || attributes.Contains("784"))
            Assert.DoesNotContain("Prefetch", text);
    }

    private static string Generate(string attributes) => GeneratorHarness.Run($$"""
        using Unroll;

        {{attributes}}
        public partial class Net;
        """).AssertCompilesCleanly().Source.Text;

    /// <summary>The generated method's text, up to the next member.</summary>
    private static string Method(string text, string name)
    {
        int start = text.IndexOf($" {name}(global::", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{name} not generated");
        int end = text.IndexOf("\n        private static ", start + 1, StringComparison.Ordinal);
        return Regex.Replace(end < 0 ? text[start..] : text.Substring(start, end - start), "\r\n", "\n");
    }

    /// <summary>The method's body for <paramref name="width"/>, up to the next width's test.</summary>
    private static string PathOf(string method, string width)
    {
        string test = $"global::System.Runtime.Intrinsics.{width}.IsHardwareAccelerated &&";
        int start = method.IndexOf(test, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {width} path");
        int end = method.IndexOf("IsHardwareAccelerated &&", start + test.Length, StringComparison.Ordinal);
        if (end < 0) end = method.Length;
        return method.Substring(start, end - start);
    }
}
