using Unroll.Tests.Networks;

namespace Unroll.Tests.Training;

/// <summary>
/// Bad data is refused with what was expected and what was found, on every training entry point,
/// before any weight changes — wherever in the data the bad value sits.
/// </summary>
public class DataGuardTests
{
    private static (float[] X, float[] Y) PimaLike(int samples, int seed)
    {
        var random = new Random(seed);
        float[] x = new float[samples * 8];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextSingle() * 2 - 1;
        float[] y = Enumerable.Range(0, samples).Select(i => (float)(i % 2)).ToArray();
        return (x, y);
    }

    private static PimaNet Compiled(out Adam adam)
    {
        var net = new PimaNet(seed: 5);
        adam = new Adam();
        net.Compile(adam, Loss.BinaryCrossEntropy, Metric.Accuracy);
        return net;
    }

    [Fact]
    public void A_non_finite_input_anywhere_is_refused_by_every_entry_point_and_nothing_changes()
    {
        var random = new Random(17);
        float[] bad = [float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        for (int trial = 0; trial < 60; trial++)
        {
            int samples = 1 + (int)(random.NextSingle() * 40);
            var (x, y) = PimaLike(samples, trial);
            int at = (int)(random.NextSingle() * x.Length);
            x[at] = bad[trial % 3];
            PimaNet net = Compiled(out Adam adam);
            float[] before = net.Parameters.ToArray();
            Action[] calls =
            [
                () => net.TrainOnBatch(x, y),
                () => net.ComputeGradients(x, y),
                () => net.Fit(x, y, epochs: 1, batchSize: 4, verbose: 0),
                () => net.Evaluate(x, y),
            ];
            foreach (Action call in calls)
            {
                var e = Assert.Throws<ArgumentException>(call);
                Assert.Contains($"sample {at / 8}, feature {at % 8}", e.Message);
            }
            Assert.Equal(before, net.Parameters.ToArray());
            Assert.Equal(0, adam.Iterations);
        }
    }

    [Fact]
    public void A_bad_token_id_in_training_or_validation_data_is_refused_before_the_first_step_naming_its_sample()
    {
        var random = new Random(23);
        float[] bad = [11, -1, 2.5f, 1e9f];
        for (int trial = 0; trial < 40; trial++)
        {
            int samples = 8 + (int)(random.NextSingle() * 60);
            float[] x = new float[samples * 7];
            for (int i = 0; i < x.Length; i++) x[i] = (int)(random.NextSingle() * 11);
            float[] y = new float[samples * 3];
            for (int s = 0; s < samples; s++) y[s * 3 + s % 3] = 1;
            bool inValidation = trial % 2 == 1;
            int sample = inValidation ? samples - 1 - (int)(random.NextSingle() * 2) : (int)(random.NextSingle() * samples);
            x[sample * 7 + trial % 7] = bad[trial % bad.Length];

            var net = new EmbeddingLstmNet(seed: 1);
            var adam = new Adam();
            net.Compile(adam, Loss.CategoricalCrossEntropy);
            float[] before = net.Parameters.ToArray();
            var e = Assert.Throws<ArgumentException>(() => net.Fit(x, y, epochs: 2, batchSize: 4, verbose: 0, validationSplit: 0.25f));
            Assert.Contains($"at sample {sample}, position {trial % 7}", e.Message);
            Assert.Contains("[0, 11)", e.Message);
            Assert.Equal(0, adam.Iterations);
            Assert.Equal(before, net.Parameters.ToArray());
        }
        Assert.Equal(11, new EmbeddingLstmNet().InputVocabulary);
        Assert.Null(new PimaNet().InputVocabulary);
    }

    [Fact]
    public void A_stateful_network_refuses_a_partial_last_batch_before_training()
    {
        var net = new StatefulHalfNet(seed: 1);
        var sgd = new Sgd();
        net.Compile(sgd, Loss.MeanSquaredError);
        float[] before = net.Parameters.ToArray();
        var x = new float[10 * 12];
        var y = new float[10 * 4];
        var e = Assert.Throws<ArgumentException>(() => net.Fit(x, y, batchSize: 3, shuffle: false, verbose: 0));
        Assert.Contains("10 samples, which is not a multiple of 3", e.Message);
        Assert.Equal(0, sgd.Iterations);
        Assert.Equal(before, net.Parameters.ToArray());
        Assert.Throws<ArgumentException>(() => net.Fit(new float[9 * 12], new float[9 * 4], batchSize: 3, shuffle: false, verbose: 0,
            validationData: (new float[4 * 12], new float[4 * 4])));
        Assert.Equal(0, sgd.Iterations);
        Assert.Throws<ArgumentException>(() => net.Evaluate(x, y, batchSize: 3));
    }

    [Fact]
    public void A_label_matrix_of_the_wrong_shape_is_refused_even_when_its_value_count_matches()
    {
        var net = new OutSoftmaxNet(seed: 1);
        net.Compile(new Adam(), Loss.CategoricalCrossEntropy);
        var x = new Matrix(6, 4, new float[24]);
        foreach ((int rows, int columns) in new[] { (3, 6), (9, 2), (18, 1), (2, 9) })
        {
            var labels = new Matrix(rows, columns, new float[18]);
            var e = Assert.Throws<ArgumentException>(() => net.Fit(x, labels, verbose: 0));
            Assert.Contains($"shape (6, 3) for 6 samples, but the label matrix is ({rows}, {columns})", e.Message);
            Assert.Throws<ArgumentException>(() => net.Evaluate(x, labels));
            Assert.Throws<ArgumentException>(() => net.Fit(x, new Matrix(6, 3, new float[18]), verbose: 0, validationData: (x, labels)));
        }
        net.Fit(x, new Matrix(6, 3, new float[18]), verbose: 0);
    }

    [Fact]
    public void A_batch_size_past_the_data_trains_as_one_batch_without_allocating_for_it()
    {
        var (x, y) = PimaLike(10, 1);
        float[] Train(int batchSize, out long allocated)
        {
            var net = new PimaNet(seed: 2);
            net.Compile(new Sgd(), Loss.BinaryCrossEntropy);
            long start = GC.GetAllocatedBytesForCurrentThread();
            net.Fit(x, y, epochs: 2, batchSize: batchSize, verbose: 0, seed: 3);
            allocated = GC.GetAllocatedBytesForCurrentThread() - start;
            return net.Parameters.ToArray();
        }
        float[] expected = Train(10, out _);
        foreach (int huge in new[] { 11, 10_000_000, int.MaxValue })
        {
            Assert.Equal(expected, Train(huge, out long allocated));
            Assert.True(allocated < 1 << 20, $"batchSize {huge} on 10 samples allocated {allocated} bytes");
        }
    }
}
