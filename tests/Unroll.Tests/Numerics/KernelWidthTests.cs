using System.Runtime.Intrinsics;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary><see cref="Model.KernelWidth"/> belongs to one network: other networks, on other threads, keep their own kernels.</summary>
public class KernelWidthTests
{
    private const int Samples = 300;

    private static (WideNet Net, float[] X) Wide(KernelWidth width)
    {
        var net = new WideNet(seed: 11) { KernelWidth = width };
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(4), Samples * net.InputSize, 1);
        return (net, x);
    }

    // The two paths must give different bits somewhere, or nothing below could tell them apart.
    private static (float[] Vector, float[] Scalar) Alone()
    {
        Skip.IfNot(Vector256.IsHardwareAccelerated, "Vector256 is not hardware-accelerated here: both widths run the scalar kernels");
        var (vectorNet, x) = Wide(KernelWidth.Widest);
        var (scalarNet, _) = Wide(KernelWidth.Scalar);
        float[] vector = vectorNet.Predict(x), scalar = scalarNet.Predict(x);
        Skip.If(vector.AsSpan().SequenceEqual(scalar), "the vector and scalar kernels give the same bits for this network");
        return (vector, scalar);
    }

    [SkippableFact]
    public void Two_networks_on_two_threads_each_run_their_own_kernels()
    {
        var (vector, scalar) = Alone();
        var (vectorNet, x) = Wide(KernelWidth.Widest);
        var (scalarNet, _) = Wide(KernelWidth.Scalar);
        var mismatches = new int[2];
        Parallel.Invoke(
            () => { for (int i = 0; i < 200; i++) if (!vectorNet.Predict(x).AsSpan().SequenceEqual(vector)) mismatches[0]++; },
            () => { for (int i = 0; i < 200; i++) if (!scalarNet.Predict(x).AsSpan().SequenceEqual(scalar)) mismatches[1]++; });
        Assert.Equal([0, 0], mismatches);
    }

    [SkippableFact]
    public void Single_sample_prediction_follows_the_network()
    {
        var (vectorNet, x) = Wide(KernelWidth.Widest);
        var (scalarNet, _) = Wide(KernelWidth.Scalar);
        Skip.IfNot(Vector256.IsHardwareAccelerated, "Vector256 is not hardware-accelerated here");
        bool differs = false;
        for (int s = 0; s < Samples; s++)
        {
            ReadOnlySpan<float> sample = x.AsSpan(s * vectorNet.InputSize, vectorNet.InputSize);
            float[] scalarOne = scalarNet.Predict(sample);
            Assert.Equal(scalarOne, new WideNet(seed: 11) { KernelWidth = KernelWidth.Scalar }.Predict(sample));
            differs |= !scalarOne.AsSpan().SequenceEqual(vectorNet.Predict(sample));
        }
        Skip.IfNot(differs, "no sample separates the two paths");
    }

    [SkippableFact]
    public void Worker_threads_and_predictors_take_the_networks_width()
    {
        var (_, scalar) = Alone();
        var (net, x) = Wide(KernelWidth.Scalar);
        net.Threads = 2; // the batch is split over the worker pool
        Assert.Equal(scalar, net.Predict(x));
        using Predictor predictor = net.CreatePredictor();
        Assert.Equal(scalar, predictor.Predict(x));
    }

    [Fact]
    public void The_default_is_the_widest_kernels()
        => Assert.Equal(KernelWidth.Widest, new WideNet(seed: 1).KernelWidth);
}
