using Unroll.Tests.Networks;
using Unroll.Tests.Numerics;

namespace Unroll.Tests.Concurrency;

/// <summary>
/// CreatePredictor: many threads predict at once over one network's weights, without copying
/// them, and get exactly what the network predicts on one thread.
/// </summary>
[Collection(SerialCollection.Name)]
public class PredictorTests
{
    private const int Callers = 8;

    public static TheoryData<string> Networks => ["wide", "conv", "lstm"];

    private static Model Create(string name) => name switch
    {
        "wide" => new WideNet(seed: 4),
        "conv" => new PoolVectorNet(seed: 4),
        _ => new LstmStackedNet(seed: 4),
    };

    // Requests of 1 to 70 samples (single-sample path, small batches, chunked batches).
    private static float[][] Requests(Model net, int count, int seed)
    {
        var random = new SeededRandom((ulong)seed);
        return Enumerable.Range(0, count)
            .Select(i => GradientCheckTests.RandomArray(random, (i % 3 == 0 ? 1 : 1 + random.NextInt(70)) * net.InputSize, 1))
            .ToArray();
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Eight_threads_predicting_at_once_get_what_one_thread_gets_bit_for_bit(string name)
    {
        Model net = Create(name);
        float[][] requests = Requests(net, 40, seed: 7);
        float[][] expected = requests.Select(r => net.Predict(r)).ToArray();

        // Fewer instances than callers: some calls wait for a free one.
        using Predictor predictor = net.CreatePredictor(maxConcurrency: 5);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Thread[] callers = Enumerable.Range(0, Callers).Select(c => new Thread(() =>
        {
            for (int round = 0; round < 3; round++)
                for (int k = 0; k < requests.Length; k++)
                {
                    int i = (k * 7 + c * 5 + round) % requests.Length; // every caller its own order
                    float[] outputs = new float[expected[i].Length];
                    predictor.Predict(requests[i], outputs);
                    if (!outputs.AsSpan().SequenceEqual(expected[i])) failures.Add($"caller {c}, request {i}");
                }
        })).ToArray();
        foreach (Thread caller in callers) caller.Start();
        foreach (Thread caller in callers) caller.Join();
        Assert.Empty(failures);
    }

    [Fact]
    public void A_predictor_reads_the_networks_weights_in_place()
    {
        var net = new PimaNet(seed: 2);
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(3), 5 * net.InputSize, 1);
        using Predictor predictor = net.CreatePredictor();
        float[] before = predictor.Predict(x);
        // A write through Parameters (not a training step) reaches the predictor: nothing was copied.
        net.Parameters[0] += 1f;
        float[] after = predictor.Predict(x);
        Assert.NotEqual(before, after);
        Assert.Equal(net.Predict(x), after);
    }

    [Fact]
    public void A_predictors_instance_costs_a_workspace_not_a_copy_of_the_weights()
    {
        var net = new WideNet(seed: 2);
        float[] x = new float[net.InputSize], y = new float[net.OutputSize];
        using Predictor predictor = net.CreatePredictor(maxConcurrency: 1);
        predictor.Predict(x, y); // JIT, and the instance is made here
        using Predictor second = net.CreatePredictor(maxConcurrency: 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        second.Predict(x, y); // makes its instance
        long instance = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(instance < net.ParameterCount * sizeof(float) / 4, $"a predictor's instance allocated {instance} bytes; the weights are {net.ParameterCount * sizeof(float)}.");
    }

    [Fact]
    public void A_predictor_over_baked_weights_predicts_what_the_baked_network_predicts()
    {
        BakedPimaNet baked = BakedPimaNet.CreateBaked();
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(3), 9 * baked.InputSize, 1);
        using Predictor predictor = baked.CreatePredictor();
        Assert.Equal(baked.Predict(x), predictor.Predict(x));
        Assert.Equal(baked.Predict(x.AsSpan(0, 8)), predictor.Predict(x.AsSpan(0, 8)));
    }

    [Fact]
    public void While_a_predictor_is_open_the_network_refuses_to_change_its_weights()
    {
        var net = new PimaNet(seed: 2);
        net.Compile(new Adam(), Loss.BinaryCrossEntropy);
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(5), 4 * net.InputSize, 1), y = [0, 1, 0, 1];
        string file = Path.Combine(Path.GetTempPath(), $"unroll-predictor-{Guid.NewGuid():N}.safetensors");
        net.SaveWeights(file);
        try
        {
            Predictor predictor = net.CreatePredictor();
            float[] weights = net.Parameters.ToArray();
            Action[] changes =
            [
                () => net.Fit(x, y, verbose: 0),
                () => net.TrainOnBatch(x, y),
                () => net.LoadWeights(file),
                () => net.LoadWeights(File.ReadAllBytes(file)),
            ];
            foreach (Action change in changes)
            {
                var e = Assert.Throws<InvalidOperationException>(change);
                Assert.Contains("1 predictor(s) from CreatePredictor() read its weights in place", e.Message);
            }
            Assert.Equal(weights, net.Parameters.ToArray());
            // Reading is fine meanwhile.
            Assert.Equal(net.Predict(x), predictor.Predict(x));
            net.ComputeGradients(x, y);

            predictor.Dispose();
            Assert.Throws<ObjectDisposedException>(() => predictor.Predict(x));
            net.TrainOnBatch(x, y);
            Assert.NotEqual(weights, net.Parameters.ToArray());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_predictor_takes_token_ids_as_the_network_does()
    {
        var net = new EmbeddingLstmNet(seed: 3);
        int[] ids = Enumerable.Range(0, 3 * net.InputSize).Select(i => i * 7 % 11).ToArray();
        using Predictor predictor = net.CreatePredictor();
        Assert.Equal(net.Predict(ids), predictor.Predict(ids));
    }

    [Fact]
    public void A_stateful_network_has_no_predictor()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new StatefulHalfNet(seed: 1).CreatePredictor());
        Assert.Contains("StatefulHalfNet is stateful", e.Message);
    }

    [Fact]
    public void Predicting_through_a_predictor_allocates_nothing_after_warm_up()
    {
        var net = new WideNet(seed: 1);
        using Predictor predictor = net.CreatePredictor();
        float[] one = new float[net.InputSize], oneOut = new float[net.OutputSize];
        float[] batch = new float[100 * net.InputSize], batchOut = new float[100 * net.OutputSize];
        Assert.Equal(0, Allocations.OfOneCall(() => predictor.Predict(one, oneOut)));
        Assert.Equal(0, Allocations.OfOneCall(() => predictor.Predict(batch, batchOut)));
    }
}
