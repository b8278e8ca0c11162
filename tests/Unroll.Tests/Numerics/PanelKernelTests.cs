using CsCheck;
using Unroll.Kernels;

namespace Unroll.Tests.Numerics;

/// <summary>
/// PanelKernels.PackTransposed (the input gradient of a large Dense packs its panels of Wᵀ from W)
/// against its definition, panel[k · width + c] = source[c · stride + k], on every path: 16 × 16
/// AVX-512 tiles, 8 × 8 AVX tiles, element by element, and the edges each leaves. The shapes are
/// generated: widths and steps on and off the tile sizes, strides past the steps.
/// </summary>
public class PanelKernelTests
{
    public static TheoryData<KernelWidth> Widths() => [KernelWidth.Widest, KernelWidth.Vector256, KernelWidth.Vector128, KernelWidth.Scalar];

    [Theory]
    [MemberData(nameof(Widths))]
    public void PackTransposed_matches_the_definition(KernelWidth width)
    {
        Gen.Select(Gen.Int[1, 70], Gen.Int[1, 140], Gen.Int[0, 9], Gen.Int[0, 5]).Sample((columns, steps, extraStride, offset) =>
        {
            int stride = steps + extraStride;
            float[] source = Enumerable.Range(0, offset + columns * stride).Select(i => (float)i + 0.5f).ToArray();
            float[] panel = new float[steps * columns + 1];
            panel[^1] = -1f; // nothing may be written past the panel
            using (KernelSettings.Use(width))
                PanelKernels.PackTransposed(ref source[offset], stride, ref panel[0], columns, steps);
            for (int k = 0; k < steps; k++)
                for (int c = 0; c < columns; c++)
                    if (panel[k * columns + c] != source[offset + c * stride + k])
                        throw new Xunit.Sdk.XunitException($"{columns} columns × {steps} steps, stride {stride}: panel[{k}, {c}] = {panel[k * columns + c]}, expected {source[offset + c * stride + k]}");
            Assert.Equal(-1f, panel[^1]);
        }, iter: 300);
    }
}
