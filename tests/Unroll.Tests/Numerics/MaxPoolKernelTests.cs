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
        for (int o = 0; o < argmax.Length; o++) expected[argmax[o]] += dy[o];
        Assert.Equal(expected, dx);
        Assert.Contains(dx, v => v != 0);
    }
}
