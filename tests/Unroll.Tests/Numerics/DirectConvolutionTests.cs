using System.Runtime.Intrinsics;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>
/// The direct convolution kernels (forward blocks of output positions, the weight gradient read from the
/// image) at every vector width against the scalar path (im2col + products), and against finite differences;
/// with them, a network whose im2col products get Vector512 bodies.
/// </summary>
public class DirectConvolutionTests
{
    public static TheoryData<string, KernelWidth> Cases()
    {
        var data = new TheoryData<string, KernelWidth>();
        foreach (string name in new[] { "wide_channels", "strided", "no_bias", "im2col_wide" })
            foreach (KernelWidth width in new[] { KernelWidth.Widest, KernelWidth.Vector256, KernelWidth.Vector128 })
                data.Add(name, width);
        return data;
    }

    private static Model Create(string name, int seed) => name switch
    {
        "wide_channels" => new DirectWideChannelsNet(seed),
        "strided" => new DirectStridedNet(seed),
        "im2col_wide" => new Im2colWideNet(seed),
        _ => new DirectNoBiasNet(seed),
    };

    private static void SkipUnlessAccelerated(KernelWidth width)
    {
        if (width == KernelWidth.Vector256)
            Skip.IfNot(Vector256.IsHardwareAccelerated, "Vector256 is not hardware-accelerated here");
        else
            ScalarPathTests.SkipUnlessAccelerated(width);
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Each_width_agrees_with_the_scalar_path(string name, KernelWidth width)
    {
        SkipUnlessAccelerated(width);
        Model net = Create(name, 3);
        net.Threads = 1;
        net.Compile(new Sgd(), Loss.MeanSquaredError);
        var random = new SeededRandom(5);
        const int batch = 6;
        float[] x = GradientCheckTests.RandomArray(random, batch * net.InputSize, 1);
        float[] y = GradientCheckTests.RandomArray(random, batch * net.OutputSize, 1);

        WidthAgreement.AssertMatchesScalar(net, x, y, width, name);
    }

    [Theory]
    [InlineData("wide_channels")]
    [InlineData("no_bias")]
    public void Gradients_match_finite_differences(string name)
    {
        Model net = Create(name, 1);
        net.Threads = 1;
        net.Compile(new Sgd(), Loss.MeanSquaredError);
        var random = new SeededRandom(8);
        const int batch = 3;
        float[] x = GradientCheckTests.RandomArray(random, batch * net.InputSize, 1);
        float[] y = GradientCheckTests.RandomArray(random, batch * net.OutputSize, 1);

        net.ComputeGradients(x, y);
        float[] analytic = net.Gradients.ToArray();
        const float h = 1e-2f;
        // The convolution kernels and biases come first in the parameter vector.
        for (int i = 0; i < Math.Min(net.ParameterCount, 3000); i += 7)
        {
            float saved = net.Parameters[i];
            net.Parameters[i] = saved + h;
            double up = net.Evaluate(x, y).Loss;
            net.Parameters[i] = saved - h;
            double down = net.Evaluate(x, y).Loss;
            net.Parameters[i] = saved;
            double numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-3 + 2e-2 * Math.Abs(numeric),
                $"{name}: parameter {i}: analytic {analytic[i]:G6}, numeric {numeric:G6}");
        }
    }
}
