using System.Text.RegularExpressions;
using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.Emitting;

/// <summary>
/// The micro-kernels walk A through one pointer: row r's element is read at a constant offset
/// (r · A's row stride) from row 0's, and one pointer bump per reduction step moves every row, where
/// a pointer per row cost one general register and one add each.
/// </summary>
public sealed class RowsOfASourceTests
{
    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";

    [Theory]
    // dense1024's forward product: 6-row and 4-row blocks over panels, A = x (row stride 1024, step 1).
    [InlineData("[Sequential, Input(1024), Dense(1024)]", "__DenseForward", "Vector512", "xr", 1024, 1, 6)]
    [InlineData("[Sequential, Input(1024), Dense(1024)]", "__DenseForward", "Vector256", "xr", 1024, 1, 4)]
    // A small product without panels (MicroKernel): 4-row blocks.
    [InlineData("[Sequential, Input(40), Dense(20)]", "__DenseForward", "Vector256", "xr", 40, 1, 4)]
    // The weight gradient dW = xᵀ · g reads x transposed: row stride 1, step = the inputs (40).
    [InlineData("[Sequential, Input(40), Dense(20), Dense(1)]", "__DenseBackward", "Vector256", "xr", 1, 40, 4)]
    public void Rows_of_A_are_constant_offsets_from_one_pointer(string attributes, string method, string width, string a, int rowStride, int step, int rows)
    {
        string path = PathOf(Method(Generate(attributes), method), width);
        Assert.DoesNotContain("ref float left1 =", path);
        Assert.DoesNotContain("left1 = ref", path);
        Assert.Matches($@"ref float left = ref {Regex.Escape(Unsafe)}\.Add\(ref {a}, ", path);
        // Every row after the first is read at its offset; the widest block's last row is there.
        for (int r = 1; r < rows; r++)
            Assert.Contains($"left{r}k = global::System.Runtime.Intrinsics.{width}.Create({Unsafe}.Add(ref left, {r * rowStride}));", path);
        Assert.DoesNotContain($"{Unsafe}.Add(ref left, {rows * rowStride}))", path);
        Assert.Contains("left0k = global::System.Runtime.Intrinsics." + width + ".Create(left);", path);
        Assert.Contains($"left = ref {Unsafe}.Add(ref left, {step});", path);
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
        return end < 0 ? text[start..] : text.Substring(start, end - start);
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
