using System.Runtime.Intrinsics;
using Unroll.Kernels;

namespace Unroll.Tests.Numerics;

/// <summary>The max pooling backward kernel against the rule it implements: each output's gradient goes to its window's winner.</summary>
public class MaxPoolKernelTests
{
    [SkippableTheory]
    [InlineData(6, 6, 16, 2, 2, 2, 2, 0)] // windows tile the image: the one-write path
    [InlineData(6, 4, 8, 3, 2, 3, 2, 0)]  // 3×2 windows that tile
    [InlineData(7, 7, 16, 2, 2, 2, 2, 0)] // a row and a column left over: not tiling, clear + add
    [InlineData(6, 6, 16, 3, 3, 2, 2, 1)] // overlapping windows with padding: clear + add
    public void Backward_routes_each_gradient_to_its_winner(int height, int width, int channels, int windowHeight, int windowWidth, int strideHeight, int strideWidth, int pad)
    {
        Skip.IfNot(Vector256.IsHardwareAccelerated, "the vectorised pooling kernels need Vector256");
        int outHeight = (height + 2 * pad - windowHeight) / strideHeight + 1, outWidth = (width + 2 * pad - windowWidth) / strideWidth + 1;
        var g = new ImageShape(Height: height, Width: width, Channels: channels, OutHeight: outHeight, OutWidth: outWidth,
            WindowHeight: windowHeight, WindowWidth: windowWidth, StrideHeight: strideHeight, StrideWidth: strideWidth,
            PadTop: pad, PadLeft: pad, ChannelsFirst: false);
        const int batch = 2;
        var random = new SeededRandom(3);
        float[] x = GradientCheckTests.RandomArray(random, batch * g.InputSize, 1);
        float[] pooled = new float[batch * g.PooledSize], dy = GradientCheckTests.RandomArray(random, batch * g.PooledSize, 1);
        int[] argmax = new int[batch * g.PooledSize];
        ImageKernels.MaxPoolForward(x, pooled, argmax, batch, g);

        float[] dx = Enumerable.Repeat(float.NaN, batch * g.InputSize).ToArray(); // every cell must be written
        ImageKernels.MaxPoolBackward(dy, argmax, dx, batch, g);

        var expected = new float[batch * g.InputSize];
        for (int o = 0; o < argmax.Length; o++) expected[o / g.PooledSize * g.InputSize + argmax[o]] += dy[o];
        Assert.Equal(expected, dx);
        Assert.Contains(dx, v => v != 0);
    }

    // A training forward pass may pool other row blocks than the backward pass reads, so a sample's
    // cached winners must not depend on where the call's rows start: pooled alone, the second sample
    // caches what it cached as the second of two, and the backward pass of it alone routes the same.
    [Theory]
    [InlineData(6, 6, 16, 2, 2, 2, 2, 0)] // channels last, 16 channels: the vector path
    [InlineData(7, 7, 8, 3, 3, 2, 2, 1)]  // padding, not tiling
    [InlineData(5, 5, 3, 2, 2, 2, 2, 0)]  // 3 channels: the scalar path
    public void A_sample_caches_the_same_winners_wherever_its_rows_start(int height, int width, int channels, int windowHeight, int windowWidth, int strideHeight, int strideWidth, int pad)
    {
        int outHeight = (height + 2 * pad - windowHeight) / strideHeight + 1, outWidth = (width + 2 * pad - windowWidth) / strideWidth + 1;
        var g = new ImageShape(Height: height, Width: width, Channels: channels, OutHeight: outHeight, OutWidth: outWidth,
            WindowHeight: windowHeight, WindowWidth: windowWidth, StrideHeight: strideHeight, StrideWidth: strideWidth,
            PadTop: pad, PadLeft: pad, ChannelsFirst: false);
        const int batch = 3;
        var random = new SeededRandom(5);
        float[] x = GradientCheckTests.RandomArray(random, batch * g.InputSize, 1);
        float[] dy = GradientCheckTests.RandomArray(random, batch * g.PooledSize, 1);
        int[] together = new int[batch * g.PooledSize];
        ImageKernels.MaxPoolForward(x, new float[batch * g.PooledSize], together, batch, g);
        float[] dxTogether = new float[batch * g.InputSize];
        ImageKernels.MaxPoolBackward(dy, together, dxTogether, batch, g);

        for (int s = 0; s < batch; s++)
        {
            int[] alone = new int[g.PooledSize];
            ImageKernels.MaxPoolForward(x.AsSpan(s * g.InputSize, g.InputSize), new float[g.PooledSize], alone, 1, g);
            Assert.Equal(together.AsSpan(s * g.PooledSize, g.PooledSize).ToArray(), alone);
            // The backward pass of this sample alone, reading the cache the whole batch wrote.
            float[] dxAlone = new float[g.InputSize];
            ImageKernels.MaxPoolBackward(dy.AsSpan(s * g.PooledSize, g.PooledSize), together.AsSpan(s * g.PooledSize, g.PooledSize), dxAlone, 1, g);
            Assert.Equal(dxTogether.AsSpan(s * g.InputSize, g.InputSize).ToArray(), dxAlone);
        }
    }
}
