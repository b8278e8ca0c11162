using System.Text.RegularExpressions;
using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.Emitting;

/// <summary>
/// The 6-row Vector512 blocks over copied panels prefetch the panel read next into L2, a line a
/// step, the first (panel width / 16) row blocks each a share: from the panels packed once (it
/// follows the current one) or, copied per call, from B's rows at the next column group. The
/// guards keep every prefetched line inside the buffer it belongs to; the 4-row blocks and the
/// narrower widths prefetch nothing.
/// </summary>
public sealed class PanelPrefetchSourceTests
{
    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    private const string Prefetch = "global::Unroll.Kernels.Prefetch.ToL2(ref ahead);";

    [Theory]
    // dense1024: 16 groups of 64 columns, 4 row blocks of 6 prefetch (4 lines a step of the panel).
    [InlineData("[Sequential, Input(1024), Dense(1024)]", "__DenseForward", "wr", 64, 1024, 1024, "0")]
    // The column-split pass reads the same panels from its share of the groups.
    [InlineData("[Sequential, Input(1024), Dense(1024)]", "__DenseForwardColumns", "wr", 64, 1024, 1024, "0")]
    // 300 → 200: three groups of 64 and a remainder of 8 (a Vector256 tail): blocked columns end at 192.
    [InlineData("[Sequential, Input(300), Dense(200)]", "__DenseForward", "wr", 64, 200, 192, "0")]
    public void Wide_row_blocks_prefetch_the_next_panel(string attributes, string method, string b, int panelWidth, int n, int blocked, string first)
    {
        string path = PathOf(Method(Generate(attributes), method), "Vector512");
        int blocks = panelWidth / 16;
        Assert.Contains($"int nextPanel = kb * {blocked} + kc * j + kc * {panelWidth};", path);
        Assert.Contains($"bool prefetches = prepacked ? nextPanel + kc * {panelWidth} <= packedPanels.Length : j + {panelWidth} + {panelWidth} <= {blocked};", path);
        Assert.Contains($"ref float next = ref !prefetches ? ref packedPanel : ref (prepacked ? ref {Unsafe}.Add(ref packedPanelsr, nextPanel) : ref {Unsafe}.Add(ref {b}, kb * {n} + j + {panelWidth}));", path);
        Assert.Contains($"int nextStep = prepacked ? 16 : {n}, nextBlock = prepacked ? kc * 16 : 16;", path);
        string from = first == "0" ? "i" : $"i - {first}";
        Assert.Contains($"bool aheads = prefetches && {from} < {blocks * 6};", path);
        Assert.Contains($"ref float ahead = ref aheads ? ref {Unsafe}.Add(ref next, i / 6 * nextBlock) : ref right;", path);
        Assert.Contains("int aheadStep = aheads ? nextStep : 0;", path);
        // Only in the 6-row kernel's loop (one per column group loop), before its loads: the 4-row kernel has none.
        string[] kernels = path.Split("for (int i = ");
        foreach (string kernel in kernels.Skip(1))
        {
            bool wide = kernel.StartsWith("0; i < wideRowBlocks; i += 6)", StringComparison.Ordinal);
            Assert.Equal(wide, kernel.Contains(Prefetch));
            if (wide) Assert.Contains($"{Prefetch}\n", kernel);
        }
        Assert.Contains($"ahead = ref {Unsafe}.Add(ref ahead, aheadStep);", path);
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
