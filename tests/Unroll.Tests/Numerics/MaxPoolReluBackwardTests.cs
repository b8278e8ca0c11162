using CsCheck;
using Unroll.Kernels;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>
/// The max pool's backward pass with the ReLU below it folded in (<see cref="ImageKernels.MaxPoolReluBackward"/>)
/// against the two passes it replaces, bit for bit: on random geometries at every kernel width, and
/// through generated networks against twins whose ReLU runs its own backward pass.
/// </summary>
public class MaxPoolReluBackwardTests
{
    private static readonly KernelWidth[] Widths = [KernelWidth.Widest, KernelWidth.Vector256, KernelWidth.Vector128, KernelWidth.Scalar];

    [Fact]
    public void The_fused_pass_gives_the_bits_of_the_pool_then_the_relu()
    {
        var geometries = Gen.Select(Gen.Int[1, 9], Gen.Int[1, 9], Gen.Int[1, 20], Gen.Int[1, 3], Gen.Int[1, 3], Gen.Bool);
        Gen.Select(geometries, Gen.Int[1, 3], Gen.Int[0, 3], Gen.Int[0, 1000]).Sample((shape, batch, widthIndex, seed) =>
        {
            var (height, width, channels, window, stride, same) = shape;
            if (window > height || window > width) return;
            int outHeight = same ? (height + stride - 1) / stride : (height - window) / stride + 1;
            int outWidth = same ? (width + stride - 1) / stride : (width - window) / stride + 1;
            // Keras "same": the total padding split with the smaller half first.
            int padTop = same ? Math.Max(0, (outHeight - 1) * stride + window - height) / 2 : 0;
            int padLeft = same ? Math.Max(0, (outWidth - 1) * stride + window - width) / 2 : 0;
            var g = new ImageShape(Height: height, Width: width, Channels: channels, OutHeight: outHeight, OutWidth: outWidth,
                WindowHeight: window, WindowWidth: window, StrideHeight: stride, StrideWidth: stride,
                PadTop: padTop, PadLeft: padLeft, ChannelsFirst: false);
            KernelWidth kernelWidth = Widths[widthIndex];
            using KernelSettings.Scope scope = KernelSettings.Use(kernelWidth);
            var random = new SeededRandom((ulong)seed);
            // ReLU outputs: about half exactly zero, so whole windows pool to zero.
            float[] x = GradientCheckTests.RandomArray(random, batch * g.InputSize, 1).Select(v => Math.Max(v, 0f)).ToArray();
            float[] pooled = new float[batch * g.PooledSize], dy = GradientCheckTests.RandomArray(random, batch * g.PooledSize, 1);
            int[] argmax = new int[batch * g.PooledSize];
            ImageKernels.MaxPoolForward(x, pooled, argmax, batch, g);

            float[] expected = Enumerable.Repeat(float.NaN, batch * g.InputSize).ToArray();
            ImageKernels.MaxPoolBackward(dy, argmax, expected, batch, g);
            ActivationKernels.ReluBackward(x, expected);
            float[] fused = Enumerable.Repeat(float.NaN, batch * g.InputSize).ToArray(); // every cell must be written
            ImageKernels.MaxPoolReluBackward(dy, pooled, argmax, fused, batch, g);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), fused.Select(BitConverter.SingleToInt32Bits));
        }, iter: 400);
    }

    [Theory]
    [InlineData("tiled")]
    [InlineData("overlap")]
    public void A_network_whose_pool_applies_the_relu_has_the_gradients_of_its_unfused_twin(string name)
    {
        (Model fused, Model twin) = name == "tiled"
            ? ((Model)new ReluPoolTiledNet(seed: 5), (Model)new ReluPoolTiledTwinNet(seed: 5))
            : (new ReluPoolOverlapNet(seed: 5), new ReluPoolOverlapTwinNet(seed: 5));
        Assert.Equal(fused.Weights.ToArray(), twin.Weights.ToArray());
        var random = new SeededRandom(12);
        const int batch = 9;
        float[] x = GradientCheckTests.RandomArray(random, batch * fused.InputSize, 1);
        float[] y = GradientCheckTests.RandomArray(random, batch * fused.OutputSize, 1);
        foreach (Model net in new[] { fused, twin })
        {
            net.Threads = 1;
            net.Compile(new Sgd(), Loss.MeanSquaredError);
            net.ComputeGradients(x, y);
        }
        Assert.Contains(fused.Gradients.ToArray().Take(fused.Layers[0].ParameterCount), v => v != 0);
        Assert.Equal(twin.Gradients.ToArray(), fused.Gradients.ToArray());
    }
}
