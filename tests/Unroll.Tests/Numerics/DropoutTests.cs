using Unroll.Kernels;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>Inverted dropout: identity outside training, seeded masks of the right rate and scale in training.</summary>
[Collection(SerialCollection.Name)]
public class DropoutTests
{
    [Fact]
    public void Predict_and_evaluate_ignore_dropout()
    {
        var net = new DropoutNet(seed: 3);
        var twin = new NoDropoutTwinNet(seed: 99);
        net.Parameters.CopyTo(twin.Parameters);
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(4), 5 * net.InputSize, 1);
        Assert.Equal(twin.Predict(x), net.Predict(x));
        Assert.Equal(twin.Predict(x.AsSpan(0, net.InputSize)), net.Predict(x.AsSpan(0, net.InputSize)));
    }

    [Theory]
    [InlineData(0.25f)]
    [InlineData(0.5f)]
    public void Masks_drop_at_the_rate_and_scale_the_rest(float rate)
    {
        var mask = new float[20000];
        DropoutKernels.FillMask(mask, rate, new SeededRandom(7));
        double dropped = mask.Count(m => m == 0) / (double)mask.Length;
        // Binomial: 4 standard deviations of the fraction is well under 0.015 here.
        Assert.InRange(dropped, rate - 0.015, rate + 0.015);
        Assert.All(mask, m => Assert.True(m == 0 || m == 1f / (1f - rate)));
    }

    [Theory]
    [InlineData(0.25f, 1003)]
    [InlineData(0.5f, 16)]
    public void Masks_follow_the_documented_draws_on_every_path(float rate, int length)
    {
        // The vector path must give the bits the scalar rule gives: a saved generator state resumes the same masks.
        var mask = new float[length];
        DropoutKernels.FillMask(mask, rate, new SeededRandom(9));
        var random = new SeededRandom(9);
        uint threshold = (uint)Math.Round(rate * 65536.0);
        float keep = 1f / (1f - rate);
        var expected = new float[length];
        int i = 0;
        for (; i + 4 <= length; i += 4)
        {
            ulong bits = random.NextUInt64();
            for (int k = 0; k < 4; k++) expected[i + k] = (uint)((bits >> (16 * k)) & 0xFFFF) >= threshold ? keep : 0f;
        }
        for (; i < length; i++) expected[i] = (uint)(random.NextUInt64() >> 48) >= threshold ? keep : 0f;
        Assert.Equal(expected, mask);
    }

    [Fact]
    public void Training_applies_a_mask_and_threads_do_not_change_it()
    {
        float[] Loss(int threads)
        {
            var net = new DropoutNet(seed: 5) { Threads = threads };
            net.Compile(new Sgd(), Unroll.Loss.SparseCategoricalCrossEntropy);
            var random = new SeededRandom(6);
            // 400 samples × ~700 multiply-adds: enough work for the batch to be split over threads.
            float[] x = GradientCheckTests.RandomArray(random, 400 * net.InputSize, 1);
            float[] y = Enumerable.Range(0, 400).Select(i => (float)(i % 3)).ToArray();
            float[] losses = [net.ComputeGradients(x, y), net.ComputeGradients(x, y), net.Evaluate(x, y).Loss];
            return [.. losses, .. net.Gradients.ToArray()];
        }
        float[] one = Loss(1);
        long runs = WorkerPool.Shared.Runs;
        float[] two = Loss(2);
        Assert.True(WorkerPool.Shared.Runs > runs, "the two-thread run should have split the batch");
        // Two training passes draw different masks; evaluation uses none.
        Assert.NotEqual(one[0], one[1]);
        Assert.NotEqual(one[1], one[2]);
        // Masks are drawn on the calling thread: the forward pass (and so the loss) is the same
        // bits with one or two threads; gradients differ only by the order of the range sums.
        Assert.Equal(one[..3], two[..3]);
        for (int i = 3; i < one.Length; i++) Assert.Equal(one[i], two[i], 1e-5f);
    }
}
