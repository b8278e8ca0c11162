using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>After warm-up, prediction, a training step and a whole epoch allocate nothing.</summary>
[Collection(SerialCollection.Name)]
public class ZeroAllocationTests
{
    private static long Allocated(Action action) => Allocations.OfOneCall(action);

    [Fact]
    public void Predict_one_sample_allocates_nothing()
    {
        var net = new WideNet(seed: 1);
        var x = new float[net.InputSize];
        var y = new float[net.OutputSize];
        Assert.Equal(0, Allocated(() => net.Predict(x, y)));
    }

    [Fact]
    public void Predict_a_batch_allocates_nothing()
    {
        var net = new PimaNet(seed: 1);
        var x = new float[1000 * net.InputSize];
        var y = new float[1000 * net.OutputSize];
        Assert.Equal(0, Allocated(() => net.Predict(x, y)));
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    [InlineData("rmsprop")]
    [InlineData("adagrad")]
    [InlineData("adadelta")]
    public void Train_on_batch_allocates_nothing(string optimizer)
    {
        var net = new MixedNet(seed: 1);
        net.Compile(optimizer switch
        {
            "sgd" => new Sgd(momentum: 0.9f, nesterov: true),
            "adam" => new Adam(),
            "rmsprop" => new RmsProp(),
            "adagrad" => new Adagrad(),
            _ => new Adadelta(),
        }, Loss.CategoricalCrossEntropy, Metric.Accuracy);
        var x = new float[16 * net.InputSize];
        var y = new float[16 * net.OutputSize];
        for (int s = 0; s < 16; s++) y[s * 3 + s % 3] = 1;
        Assert.Equal(0, Allocated(() => net.TrainOnBatch(x, y)));
    }

    [Theory]
    [InlineData("cnn")]
    [InlineData("channels_first")]
    [InlineData("conv1d")]
    [InlineData("direct_wide")]
    public void Convolutional_training_steps_allocate_nothing(string name)
    {
        Model net = name switch
        {
            "cnn" => new DropoutNet(seed: 1),
            "direct_wide" => new DirectWideChannelsNet(seed: 1),
            "channels_first" => new ChannelsFirstTanhNet(seed: 1),
            _ => new Conv1DNet(seed: 1),
        };
        net.Compile(new Adam(), Loss.MeanSquaredError);
        var x = new float[8 * net.InputSize];
        var y = new float[8 * net.OutputSize];
        Assert.Equal(0, Allocated(() => net.TrainOnBatch(x, y)));
        var one = new float[net.OutputSize];
        Assert.Equal(0, Allocated(() => net.Predict(x.AsSpan(0, net.InputSize), one)));
    }

    [Fact]
    public void Recurrent_training_steps_allocate_nothing()
    {
        var net = new LstmStackedNet(seed: 1);
        net.Compile(new Adam(), Loss.BinaryCrossEntropy);
        var x = new float[8 * net.InputSize];
        var y = new float[8];
        Assert.Equal(0, Allocated(() => net.TrainOnBatch(x, y)));
        var tokens = new EmbeddingLstmNet(seed: 1);
        tokens.Compile(new Adam(), Loss.SparseCategoricalCrossEntropy);
        var ids = new float[8 * tokens.InputSize];
        var classes = new float[8];
        Assert.Equal(0, Allocated(() => tokens.TrainOnBatch(ids, classes)));
    }

    [Fact]
    public void A_whole_epoch_allocates_nothing()
    {
        var net = new PimaNet(seed: 1);
        net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy, Metric.MeanSquaredError);
        var random = new SeededRandom(3);
        float[] x = GradientCheckTests.RandomArray(random, 200 * 8, 1);
        float[] y = Enumerable.Range(0, 200).Select(i => (float)(i % 2)).ToArray();
        var runner = new EpochRunner(net, x, y, trainSamples: 200, batchSize: 10, shuffle: true, random);
        Assert.Equal(0, Allocated(() => runner.RunEpoch(1, progress: null)));
        Assert.Equal(200, runner.SamplesSeen);
    }

    [Fact]
    public void A_whole_epoch_with_a_callback_reading_its_logs_allocates_nothing()
    {
        var net = new PimaNet(seed: 1);
        net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy);
        var random = new SeededRandom(3);
        float[] x = GradientCheckTests.RandomArray(random, 200 * 8, 1);
        float[] y = Enumerable.Range(0, 200).Select(i => (float)(i % 2)).ToArray();
        var runner = new EpochRunner(net, x, y, trainSamples: 200, batchSize: 10, shuffle: true, random);
        var reader = new LogReader();
        var callbacks = new CallbackList(net, [reader, new TerminateOnNaN()], ["loss", "accuracy"], trainNames: 2);
        Assert.Equal(0, Allocated(() => runner.RunEpoch(1, progress: null, callbacks)));
        Assert.Equal(0, reader.Batches % 20); // 20 batches per epoch, however often the measurement ran it
        Assert.True(reader.Sum > 0);
    }

    private sealed class LogReader : Callback
    {
        public int Batches;
        public double Sum;

        public override void OnTrainBatchEnd(int batch, Logs logs)
        {
            Batches++;
            Sum += logs["loss"] + logs.Values[1];
            if (logs.TryGetValue("accuracy", out float a)) Sum += a;
        }
    }

    [Fact]
    public void Evaluation_pass_allocates_nothing()
    {
        var net = new PimaNet(seed: 1);
        net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy);
        var x = new float[100 * 8];
        var y = new float[100];
        var totals = new double[2];
        Assert.Equal(0, Allocated(() => net.EvaluateCore(x, y, 32, totals)));
    }
}
