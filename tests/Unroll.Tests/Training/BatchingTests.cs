using CsCheck;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Training;

/// <summary>
/// Predict and Evaluate with a batch size give the unbatched results for any batch size, dividing
/// the sample count or not; the *OnBatch calls give Keras's per-batch logs.
/// </summary>
public class BatchingTests
{
    private static float[] Inputs(int samples, int features, int seed)
    {
        var random = new SeededRandom((ulong)seed);
        var x = new float[samples * features];
        for (int i = 0; i < x.Length; i++) x[i] = (float)random.NextGaussian();
        return x;
    }

    private static float[] BinaryLabels(int samples, int seed)
    {
        var random = new SeededRandom((ulong)seed + 1);
        var y = new float[samples];
        for (int i = 0; i < y.Length; i++) y[i] = random.NextInt(2);
        return y;
    }

    // A sample's outputs are the same whatever batch it is in up to float rounding, not bit for
    // bit: the kernels block rows by batch size (the last bit moves even on one thread).
    private static void AssertSameOutputs(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-6f * MathF.Max(1f, MathF.Abs(expected[i])), $"output {i}: {expected[i]} vs {actual[i]}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Batched_predict_equals_unbatched_for_any_batch_size(int threads)
    {
        var pima = new PimaNet(seed: 1) { Threads = threads };
        var wide = new WideNet(seed: 2) { Threads = threads };
        Gen.Select(Gen.Int[1, 150], Gen.Int[1, 200], Gen.Int).Sample((n, batchSize, seed) =>
        {
            foreach (Model net in new Model[] { pima, wide })
            {
                float[] x = Inputs(n, net.InputSize, seed);
                float[] whole = net.Predict(x, batchSize: n);
                Assert.Equal(whole, net.PredictOnBatch(x)); // one pass of everything, bit for bit
                AssertSameOutputs(whole, net.Predict(x));
                float[] batched = net.Predict(x, batchSize);
                AssertSameOutputs(whole, batched);
                var into = new float[whole.Length];
                net.Predict(x, into, batchSize);
                Assert.Equal(batched, into);
                Assert.Equal(batched, net.Predict(new Matrix(n, net.InputSize, x), batchSize).Data);
            }
        }, iter: 60, threads: 1); // one network serves one thread
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(32)]
    [InlineData(100)]
    [InlineData(101)]
    [InlineData(500)]
    public void Batched_evaluate_equals_one_batch_of_everything(int batchSize)
    {
        var net = new PimaNet(seed: 4) { Threads = 2 };
        net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy, Metric.MeanSquaredError);
        float[] x = Inputs(101, 8, 5), y = BinaryLabels(101, 5);
        Evaluation whole = net.Evaluate(x, y, batchSize: 101), batched = net.Evaluate(x, y, batchSize);
        // The loss and error are batch means re-weighted in double: equal up to float rounding.
        Assert.Equal(whole["accuracy"], batched["accuracy"], 1e-6f);
        Assert.Equal(whole.Loss, batched.Loss, 1e-6f * whole.Loss);
        Assert.Equal(whole["mse"], batched["mse"], 1e-6f * whole["mse"]);
        // And what each batch size evaluates is what predict gives: accuracy from the predictions.
        int[] classes = Model.ArgMax(net.Predict(x, batchSize), 1);
        Assert.Equal(classes.Where((c, i) => c == y[i]).Count() / 101f, batched["accuracy"], 1e-6f);
    }

    [Fact]
    public void A_batch_size_must_be_positive()
    {
        var net = new PimaNet(seed: 1);
        float[] x = Inputs(3, 8, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Predict(x, batchSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Predict(x, new float[3], batchSize: -1));
    }

    [Fact]
    public void TrainOnBatch_logs_the_loss_and_the_metrics_of_the_forward_pass_before_the_update()
    {
        PimaNet Compiled()
        {
            var net = new PimaNet(seed: 9) { Threads = 1 };
            net.Compile(new Adam(0.01f), Loss.BinaryCrossEntropy, Metric.Accuracy, Metric.MeanSquaredError);
            return net;
        }
        PimaNet plain = Compiled(), logged = Compiled(), reference = Compiled();
        float[] x = Inputs(40, 8, 3), y = BinaryLabels(40, 3);
        for (int step = 0; step < 3; step++)
        {
            Evaluation before = reference.Evaluate(x, y, batchSize: 40); // PimaNet has no dropout: training forward = inference
            float loss = plain.TrainOnBatch(x, y);
            float loggedLoss = logged.TrainOnBatch(x, y, out Evaluation logs);
            reference.TrainOnBatch(x, y);

            Assert.Equal(loss, loggedLoss);
            Assert.Equal(["loss", "accuracy", "mse"], logs.Names);
            Assert.Equal(loss, logs.Loss);
            Assert.Equal(before["accuracy"], logs["accuracy"]);
            Assert.Equal(before["mse"], logs["mse"]);
            Assert.Equal(before.Loss, logs.Loss, 1e-6f);
            Assert.Equal(plain.Parameters.ToArray(), logged.Parameters.ToArray()); // the same update as the plain form
        }

        // The matrix form is the same call; labels of the wrong shape are refused before the update.
        PimaNet viaMatrix = Compiled(), viaSpan = Compiled();
        float matrixLoss = viaMatrix.TrainOnBatch(new Matrix(40, 8, x), new Matrix(40, 1, y), out Evaluation matrixLogs);
        Assert.Equal(viaSpan.TrainOnBatch(x, y, out Evaluation spanLogs), matrixLoss);
        Assert.Equal(spanLogs.ToString(), matrixLogs.ToString());
        Assert.Equal(viaSpan.Parameters.ToArray(), viaMatrix.Parameters.ToArray());
        Assert.Throws<ArgumentException>(() => viaMatrix.TrainOnBatch(new Matrix(40, 8, x), new Matrix(1, 40, y), out _));
        Assert.Equal(viaSpan.Parameters.ToArray(), viaMatrix.Parameters.ToArray());
    }

    [Fact]
    public void TestOnBatch_is_evaluate_on_one_batch_and_leaves_the_weights()
    {
        var net = new PimaNet(seed: 6) { Threads = 1 };
        net.Compile(new Sgd(), Loss.BinaryCrossEntropy, Metric.Accuracy);
        float[] x = Inputs(50, 8, 8), y = BinaryLabels(50, 8);
        float[] weights = net.Parameters.ToArray();
        Evaluation expected = net.Evaluate(x, y, batchSize: 50);
        float loss = net.TestOnBatch(x, y, out Evaluation logs);
        Assert.Equal(expected.Loss, loss);
        Assert.Equal(expected.Loss, net.TestOnBatch(x, y));
        Assert.Equal(expected["accuracy"], logs["accuracy"]);
        Assert.Equal(weights, net.Parameters.ToArray());
        Assert.Equal(0, net.Optimizer.Iterations);
        Assert.Equal(loss, net.TestOnBatch(new Matrix(50, 8, x), new Matrix(50, 1, y), out Evaluation matrixLogs));
        Assert.Equal(logs.ToString(), matrixLogs.ToString());
        Assert.Equal(net.PredictOnBatch(x), net.PredictOnBatch(new Matrix(50, 8, x)).Data);
    }
}
