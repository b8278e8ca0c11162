using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Unroll.Tests.Networks;
using Unroll.Tests.Numerics;

namespace Unroll.Tests.Concurrency;

/// <summary>
/// A Predictor packs the weight panels its network's batched forward kernels (Dense, an im2col
/// convolution, an LSTM's input projection) would copy per call,
/// once, for the width they run at; its instances read that copy. The predictions keep the bits of
/// the network's own Predict (the same values read in the same order): a packed panel at a wrong
/// offset (a short last reduction block, a column group after the first) would change them.
/// </summary>
[Collection(SerialCollection.Name)]
public class PackedPanelTests
{
    public static TheoryData<string, KernelWidth, int> Cases()
    {
        var cases = new TheoryData<string, KernelWidth, int>();
        foreach (string network in new[] { "dense1024", "wide", "stack", "conv", "lstm" })
            foreach (KernelWidth width in new[] { KernelWidth.Widest, KernelWidth.Vector256, KernelWidth.Vector128, KernelWidth.Scalar })
                foreach (int threads in new[] { 1, 2, 3 })
                    cases.Add(network, width, threads);
        return cases;
    }

    private static Model Create(string name)
    {
        Model net = name switch
        {
            "dense1024" => new Dense1024Net(seed: 3),
            "wide" => new WideSingleDenseNet(seed: 3), // 602 → 450: a short last block, tail columns, split by columns
            "conv" => new PackedConvNet(seed: 3),
            "lstm" => new PackedLstmNet(seed: 3),
            _ => new PackedStackNet(seed: 3),
        };
        var random = new SeededRandom(11);
        for (int i = 0; i < net.Parameters.Length; i++) net.Parameters[i] += (float)(random.NextDouble() * 0.02 - 0.01); // biases off zero
        return net;
    }

    private static void SkipUnlessAccelerated(KernelWidth width)
    {
        Skip.If(width == KernelWidth.Widest && !Vector512.IsHardwareAccelerated, "Vector512 is not accelerated here: Widest is one of the narrower widths");
        Skip.If(width == KernelWidth.Vector256 && !Vector256.IsHardwareAccelerated, "Vector256 is not accelerated here");
        Skip.If(width == KernelWidth.Vector128 && !Vector128.IsHardwareAccelerated, "Vector128 is not accelerated here");
    }

    // Batches: 66 = 16 blocks of 4 rows (11 of 6 with Vector512) and 2 single rows; 7 = one block and
    // 3 single rows; 200 = chunks the source splits across threads (claimed blocks or column parts).
    private static readonly int[] Batches = [66, 7, 200, 1];

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void A_predictor_reading_packed_panels_predicts_the_networks_bits(string network, KernelWidth width, int threads)
    {
        SkipUnlessAccelerated(width);
        Model net = Create(network);
        net.KernelWidth = width;
        net.Threads = threads;
        var random = new SeededRandom(23);
        float[][] inputs = Batches.Select(batch => GradientCheckTests.RandomArray(random, batch * net.InputSize, 1.5)).ToArray();
        float[][] expected = inputs.Select(x => net.Predict(x)).ToArray();

        // threads callers at once, each call's batch split over threads (the pool takes one at a time):
        // one thread, claimed row blocks or the column split all read the packed panels.
        using Predictor predictor = net.CreatePredictor(maxConcurrency: threads, threadsPerCall: threads);
        long runs = WorkerPool.Shared.Runs;
        if (width == KernelWidth.Scalar) Assert.Equal(0, predictor.PackedBytes); // the scalar kernels copy nothing
        else Assert.True(predictor.PackedBytes > 0, "the vector kernels copy panels: the predictor packs them");
        Assert.Null(net.PackedPanelsInUse); // the network itself (it may train) never reads them

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Thread[] callers = Enumerable.Range(0, threads).Select(c => new Thread(() =>
        {
            for (int k = 0; k < inputs.Length; k++)
            {
                int i = (k + c) % inputs.Length;
                float[] outputs = new float[expected[i].Length];
                predictor.Predict(inputs[i], outputs);
                if (!outputs.AsSpan().SequenceEqual(expected[i])) failures.Add($"caller {c}, batch {Batches[i]}");
            }
        })).ToArray();
        foreach (Thread caller in callers) caller.Start();
        foreach (Thread caller in callers) caller.Join();
        Assert.Empty(failures);
        if (threads > 1) Assert.True(WorkerPool.Shared.Runs >= runs + threads, "the 200-sample calls were split across threads");
        else Assert.Equal(runs, WorkerPool.Shared.Runs);
    }

    [SkippableFact]
    public void A_predictor_keeps_the_width_its_panels_were_packed_for()
    {
        Skip.IfNot(Vector256.IsHardwareAccelerated, "Vector256 is not accelerated here");
        Model net = Create("stack");
        net.KernelWidth = KernelWidth.Vector256;
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(5), 66 * net.InputSize, 1.5);
        float[] expected = net.Predict(x);
        using Predictor predictor = net.CreatePredictor(maxConcurrency: 1);
        net.KernelWidth = KernelWidth.Vector128; // after the packing: the instances, made later, still run Vector256
        Assert.Equal(expected, predictor.Predict(x));
    }

    [Fact]
    public void A_predictor_call_allocates_nothing_after_warm_up()
    {
        Model net = Create("stack");
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(5), 66 * net.InputSize, 1.5), y = new float[66 * net.OutputSize];
        using Predictor predictor = net.CreatePredictor(maxConcurrency: 1);
        Assert.Equal(0, Allocations.OfOneCall(() => predictor.Predict(x, y)));
    }

    [Fact]
    public void Dispose_releases_the_packed_panels_and_the_network_trains_again()
    {
        Model net = Create("stack");
        net.Compile(new Adam(), Loss.MeanSquaredError);
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(5), 66 * net.InputSize, 1.5);
        float[] y = GradientCheckTests.RandomArray(new SeededRandom(6), 66 * net.OutputSize, 1);
        Predictor predictor = net.CreatePredictor(maxConcurrency: 2);
        WeakReference packed = PredictAndWatchPanels(predictor, x);
        predictor.Dispose();
        Assert.Equal(0, predictor.PackedBytes);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(packed.IsAlive, "the packed panels outlived the predictor");

        float[] before = net.Predict(x);
        net.Fit(x, y, epochs: 1, verbose: 0);
        Assert.NotEqual(before, net.Predict(x));
        using Predictor fresh = net.CreatePredictor(maxConcurrency: 1); // packs the new weights
        Assert.Equal(net.Predict(x), fresh.Predict(x));
    }

    [SkippableTheory]
    [InlineData(KernelWidth.Widest)]
    [InlineData(KernelWidth.Vector256)]
    [InlineData(KernelWidth.Vector128)]
    public void Mapped_weights_pack_their_panels_once_and_keep_the_bits(KernelWidth width)
    {
        SkipUnlessAccelerated(width);
        BakedBroadNet mapped = BakedBroadNet.CreateBaked(), copy = BakedBroadNet.CreateBaked(trainable: true);
        Assert.True(mapped.WeightsAreMapped);
        mapped.KernelWidth = copy.KernelWidth = width;
        mapped.Threads = copy.Threads = 1;
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(9), 66 * mapped.InputSize, 1.5), y = new float[66 * mapped.OutputSize];

        Assert.Equal(copy.Predict(x.AsSpan(0, mapped.InputSize)), mapped.Predict(x.AsSpan(0, mapped.InputSize))); // one sample: nothing packed
        Assert.Null(mapped.PackedPanelsInUse);
        Assert.Equal(copy.Predict(x), mapped.Predict(x)); // the first batch packs, then reads the packed panels
        PackedPanels packed = mapped.PackedPanelsInUse ?? throw new InvalidOperationException("the mapped network packed nothing");
        Assert.Equal(width, packed.Width);
        Assert.Null(copy.PackedPanelsInUse); // writable weights are never packed
        Assert.Equal(0, Allocations.OfOneCall(() => mapped.Predict(x, y)));
        Assert.Same(packed, mapped.PackedPanelsInUse);

        // A predictor over them takes the same packed copy.
        using Predictor predictor = mapped.CreatePredictor(maxConcurrency: 1);
        Assert.Same(packed, predictor.PackedPanels);
        Assert.Equal(copy.Predict(x), predictor.Predict(x));
    }

    [SkippableFact]
    public void Mapped_weights_repack_for_a_new_width()
    {
        Skip.IfNot(Vector256.IsHardwareAccelerated && Vector128.IsHardwareAccelerated, "needs Vector256 and Vector128");
        BakedBroadNet mapped = BakedBroadNet.CreateBaked(), copy = BakedBroadNet.CreateBaked(trainable: true);
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(9), 66 * mapped.InputSize, 1.5);
        mapped.KernelWidth = copy.KernelWidth = KernelWidth.Vector256;
        Assert.Equal(copy.Predict(x), mapped.Predict(x));
        mapped.KernelWidth = copy.KernelWidth = KernelWidth.Vector128;
        Assert.Equal(copy.Predict(x), mapped.Predict(x));
        Assert.Equal(KernelWidth.Vector128, mapped.PackedPanelsInUse!.Width);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference PredictAndWatchPanels(Predictor predictor, float[] x)
    {
        predictor.Predict(x);
        return new WeakReference(predictor.PackedPanels ?? throw new InvalidOperationException("nothing was packed"));
    }
}
