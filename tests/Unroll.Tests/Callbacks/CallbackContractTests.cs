using Unroll.Tests.Networks;

namespace Unroll.Tests.Callbacks;

/// <summary>
/// The hooks Fit calls, in Keras 3's order and with Keras's logs (keras/src/backend/*/trainer.py
/// fit: on_train_begin; per epoch on_epoch_begin, per batch on_train_batch_begin/end with the
/// running means, a stop checked after each batch and each epoch, on_epoch_end with the val_
/// values; on_train_end with the last epoch's logs).
/// </summary>
public class CallbackContractTests
{
    private static readonly float[] X = Enumerable.Range(0, 8 * 2).Select(i => (i * 7 % 5) / 5f).ToArray();
    private static readonly float[] Y = Enumerable.Range(0, 8).Select(i => (float)(i % 2)).ToArray();

    private static XorNet Net()
    {
        var net = new XorNet(seed: 3);
        net.Compile(new Adam(learningRate: 0.01f), Loss.BinaryCrossEntropy, Metric.Accuracy);
        return net;
    }

    [Fact]
    public void Hooks_come_in_keras_order_with_keras_names()
    {
        var net = Net();
        var recorder = new CallbackRecorder();
        History history = net.Fit(X, Y, epochs: 2, batchSize: 3, verbose: 0, validationData: (X[..8], Y[..4]), callbacks: [recorder]);

        string train = "loss accuracy", all = "loss accuracy val_loss val_accuracy";
        var expected = new List<string> { "train_begin" };
        for (int epoch = 0; epoch < 2; epoch++)
        {
            expected.Add($"epoch_begin {epoch}");
            for (int batch = 0; batch < 3; batch++) // 8 samples in batches of 3: 3, 3, 2
            {
                expected.Add($"batch_begin {batch}");
                expected.Add($"batch_end {batch} {train}");
            }
            expected.Add($"epoch_end {epoch} {all}");
        }
        expected.Add($"train_end {all}");
        Assert.Equal(expected, recorder.Events);
        Assert.All(recorder.ModelsSeen, m => Assert.Same(net, m));

        // Epoch logs are what History records; the last batch's running mean is the epoch's mean.
        for (int epoch = 0; epoch < 2; epoch++)
        {
            for (int i = 0; i < history.Keys.Count; i++)
                Assert.Equal(history[history.Keys[i]][epoch], recorder.EpochEndValues[epoch][i]);
            Assert.Equal(history["loss"][epoch], recorder.BatchEndLoss[3 * epoch + 2]);
        }
        Assert.Equal([0, 1], history.Epochs);
        Assert.Equal(2, history.Epochs);
    }

    [Fact]
    public void Stopping_in_a_batch_hook_ends_training_after_that_batch_and_still_ends_the_epoch()
    {
        var net = Net();
        var recorder = new CallbackRecorder { StopAt = "batch_end 1" };
        History history = net.Fit(X, Y, epochs: 5, batchSize: 2, verbose: 0, callbacks: [recorder]);

        Assert.Equal(2, net.Optimizer.Iterations); // batches 0 and 1 of 4, then no more
        Assert.Equal(["train_begin", "epoch_begin 0", "batch_begin 0", "batch_end 0 loss accuracy", "batch_begin 1",
            "batch_end 1 loss accuracy", "epoch_end 0 loss accuracy", "train_end loss accuracy"], recorder.Events);
        Assert.Equal([0], history.Epochs);
        Assert.Equal(recorder.BatchEndLoss[1], history["loss"][0]); // the mean over the batches that ran
    }

    [Fact]
    public void The_progress_line_of_a_stopped_epoch_counts_the_steps_that_ran()
    {
        var net = Net();
        var log = new StringWriter();
        net.Log = log;
        net.Fit(X, Y, epochs: 5, batchSize: 2, verbose: 2, callbacks: [new CallbackRecorder { StopAt = "batch_end 1" }]);
        string[] lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Epoch 1/5", lines[0].TrimEnd());
        Assert.StartsWith("2/4 - ", lines[1]);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public void Stopping_at_an_epoch_end_ends_training_after_that_epoch()
    {
        var net = Net();
        var recorder = new CallbackRecorder { StopAt = "epoch_end 2" };
        History history = net.Fit(X, Y, epochs: 10, batchSize: 4, verbose: 0, callbacks: [recorder]);
        Assert.Equal([0, 1, 2], history.Epochs);
        Assert.Equal(6, net.Optimizer.Iterations);
        Assert.Equal("train_end loss accuracy", recorder.Events[^1]);
    }

    [Fact]
    public void Fit_clears_a_stop_left_from_before()
    {
        var net = Net();
        net.StopTraining = true;
        History history = net.Fit(X, Y, epochs: 3, batchSize: 4, verbose: 0, callbacks: [new CallbackRecorder()]);
        Assert.Equal(3, history.Epochs.Count);
        Assert.False(net.StopTraining);
    }

    [Fact]
    public void Every_fit_overload_takes_callbacks()
    {
        var net = Net();
        var onMatrix = new CallbackRecorder();
        net.Fit(new Matrix(8, 2, X), new Matrix(8, 1, Y), epochs: 1, batchSize: 4, verbose: 0, callbacks: [onMatrix]);
        Assert.Contains("epoch_end 0 loss accuracy", onMatrix.Events);

        var tokens = new EmbeddingDenseNet(seed: 1);
        tokens.Compile(new Adam(), Loss.MeanSquaredError);
        var onIds = new CallbackRecorder();
        int[] ids = Enumerable.Range(0, 4 * 5).Select(i => i % 10).ToArray();
        tokens.Fit(ids, new float[4 * 2], epochs: 1, batchSize: 2, verbose: 0, callbacks: [onIds]);
        Assert.Contains("epoch_end 0 loss", onIds.Events);
        Assert.All(onIds.ModelsSeen, m => Assert.Same(tokens, m));
    }

    [Fact]
    public void Keras_2_names_say_to_use_accuracy()
    {
        var net = Net();
        History history = net.Fit(X, Y, epochs: 1, batchSize: 4, verbose: 0, validationSplit: 0.5);
        var e1 = Assert.Throws<KeyNotFoundException>(() => history["acc"]);
        Assert.Contains("'accuracy'", e1.Message);
        var e2 = Assert.Throws<KeyNotFoundException>(() => history["val_acc"]);
        Assert.Contains("'val_accuracy'", e2.Message);
        Assert.Contains("val_loss", e2.Message); // and what there is
        Logs logs = CallbackRecorder.LogsOf(("loss", 1), ("accuracy", 0.5f));
        var e3 = Assert.Throws<KeyNotFoundException>(() => logs["acc"]);
        Assert.Contains("'accuracy'", e3.Message);
        Assert.Equal(0.5f, logs["accuracy"]);
        Assert.False(logs.Contains("val_loss"));
    }

    [Fact]
    public void A_null_callback_is_refused_before_training()
    {
        var net = Net();
        var e = Assert.Throws<ArgumentException>(() => net.Fit(X, Y, epochs: 1, verbose: 0, callbacks: [null!]));
        Assert.Contains("callbacks[0]", e.Message);
        Assert.Equal(0, net.Optimizer.Iterations);
    }
}
