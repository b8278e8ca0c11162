using System.Runtime.Intrinsics;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary><see cref="Model.KernelWidth"/> belongs to one network: other networks, on other threads, keep their own kernels.</summary>
public class KernelWidthTests
{
    // Not a multiple of 4: rows in 4-row blocks sum in the scalar kernels' order (and so get their
    // bits); the three single rows split their reductions, so the vector and scalar paths differ there.
    private const int Samples = 303;

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

    [SkippableFact]
    public void Three_widths_on_three_threads_each_run_their_own_kernels()
    {
        Skip.IfNot(Vector256.IsHardwareAccelerated && Vector128.IsHardwareAccelerated, "needs Vector256 and Vector128 accelerated");
        KernelWidth[] widths = [Vector512.IsHardwareAccelerated ? KernelWidth.Vector256 : KernelWidth.Widest, KernelWidth.Vector128, KernelWidth.Scalar];
        // LstmVectorNet's output dot product sums in a different order at each width (see ScalarPathTests).
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(4), Samples * new LstmVectorNet(seed: 11).InputSize, 1);
        float[][] alone = widths.Select(w => new LstmVectorNet(seed: 11) { KernelWidth = w }.Predict(x)).ToArray();
        Assert.False(alone[0].AsSpan().SequenceEqual(alone[1]));
        Assert.False(alone[1].AsSpan().SequenceEqual(alone[2]));
        var nets = widths.Select(w => new LstmVectorNet(seed: 11) { KernelWidth = w }).ToArray();
        var mismatches = new int[3];
        Parallel.For(0, 3, n =>
        {
            for (int i = 0; i < 50; i++) if (!nets[n].Predict(x).AsSpan().SequenceEqual(alone[n])) mismatches[n]++;
        });
        Assert.Equal([0, 0, 0], mismatches);
    }

    [SkippableFact]
    public void Vector512_and_vector256_on_two_threads_each_run_their_own_kernels()
    {
        Skip.IfNot(Vector512.IsHardwareAccelerated, "Vector512 is not hardware-accelerated here");
        KernelWidth[] widths = [KernelWidth.Widest, KernelWidth.Vector256];
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(4), Samples * new LstmVectorNet(seed: 11).InputSize, 1);
        float[][] alone = widths.Select(w => new LstmVectorNet(seed: 11) { KernelWidth = w }.Predict(x)).ToArray();
        Assert.False(alone[0].AsSpan().SequenceEqual(alone[1]));
        var nets = widths.Select(w => new LstmVectorNet(seed: 11) { KernelWidth = w }).ToArray();
        var mismatches = new int[2];
        Parallel.For(0, 2, n =>
        {
            for (int i = 0; i < 50; i++) if (!nets[n].Predict(x).AsSpan().SequenceEqual(alone[n])) mismatches[n]++;
        });
        Assert.Equal([0, 0], mismatches);
    }

    [Fact]
    public void Each_width_sets_the_widest_vector_the_kernels_may_use()
    {
        Assert.Equal(512, Unroll.Kernels.KernelSettings.MaxWidth);
        Assert.Equal(128, Unroll.Kernels.KernelSettings.Bits(KernelWidth.Vector128));
        Assert.Equal(256, Unroll.Kernels.KernelSettings.Bits(KernelWidth.Vector256));
        Assert.True(Unroll.Kernels.KernelSettings.Bits(KernelWidth.Scalar) < 128);
        Assert.Equal(512, Unroll.Kernels.KernelSettings.Bits(KernelWidth.Widest));
    }

    [Fact]
    public void The_default_is_the_widest_kernels()
        => Assert.Equal(KernelWidth.Widest, new WideNet(seed: 1).KernelWidth);
}
