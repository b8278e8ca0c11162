using System.Runtime.Intrinsics;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>
/// The direct convolution kernels (forward blocks of output positions, the weight gradient read from the
/// image) at every vector width against the scalar path (im2col + products), and against finite differences.
/// </summary>
public class DirectConvolutionTests
{
    public static TheoryData<string, KernelWidth> Cases()
    {
        var data = new TheoryData<string, KernelWidth>();
        foreach (string name in new[] { "wide_channels", "strided", "no_bias" })
            foreach (KernelWidth width in new[] { KernelWidth.Widest, KernelWidth.Vector256, KernelWidth.Vector128 })
                data.Add(name, width);
        return data;
    }

    private static Model Create(string name, int seed) => name switch
    {
        "wide_channels" => new DirectWideChannelsNet(seed),
        "strided" => new DirectStridedNet(seed),
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

        net.KernelWidth = width;
        float vectorLoss = net.ComputeGradients(x, y);
        float[] vectorGradients = net.Gradients.ToArray();
        float[] vectorOutputs = net.Predict(x);
        float[] vectorSingle = net.Predict(x.AsSpan(0, net.InputSize));
        net.KernelWidth = KernelWidth.Scalar;
        float scalarLoss = net.ComputeGradients(x, y);
        float[] scalarGradients = net.Gradients.ToArray();
        float[] scalarOutputs = net.Predict(x);

        Assert.Equal(scalarLoss, vectorLoss, 1e-5f);
        for (int i = 0; i < vectorOutputs.Length; i++) Assert.Equal(scalarOutputs[i], vectorOutputs[i], 1e-5f);
        for (int i = 0; i < vectorSingle.Length; i++) Assert.Equal(scalarOutputs[i], vectorSingle[i], 1e-5f);
        for (int i = 0; i < vectorGradients.Length; i++)
            Assert.True(Math.Abs(vectorGradients[i] - scalarGradients[i]) <= 1e-5f + 1e-4f * Math.Abs(scalarGradients[i]), $"{name}, {width}: gradient {i}: {vectorGradients[i]} vs {scalarGradients[i]}");
        Assert.Contains(vectorGradients, g => g != 0);
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
