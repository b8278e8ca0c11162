using Unroll.Tests.Networks;

namespace Unroll.Tests.Callbacks;

/// <summary>EarlyStopping against Keras 3's own tests (keras/src/callbacks/early_stopping_test.py) and rules.</summary>
public class EarlyStoppingTests
{
    private static HiddenLinearNet Compiled(params Metric[] metrics)
    {
        var net = new HiddenLinearNet(seed: 1);
        net.Compile(new Sgd(), Loss.MeanSquaredError, metrics);
        return net;
    }

    /// <summary>Drives the callback as Keras's tests do: one epoch end per value, weights set to the epoch number first.</summary>
    private static int Run(EarlyStopping stopper, Model net, string monitor, float[] values, int? otherStopAt = null)
    {
        stopper.Model = net;
        net.StopTraining = false;
        stopper.OnTrainBegin(default);
        int trained = 0;
        for (int epoch = 0; epoch < values.Length; epoch++)
        {
            trained++;
            net.Parameters.Fill(epoch);
            stopper.OnEpochEnd(epoch, CallbackRecorder.LogsOf((monitor, values[epoch])));
            if (epoch == otherStopAt) net.StopTraining = true;
            if (net.StopTraining) break;
        }
        stopper.OnTrainEnd(default);
        return trained;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Patience_counts_epochs_without_improvement_as_keras(int patience)
    {
        // Keras: losses [10, 9, 8, 9, 8.9, …] stop at epoch max(patience, 1) + 2.
        float[] losses = [10.0f, 9.0f, 8.0f, 9.0f, 8.9f, 8.8f, 8.7f, 8.6f, 8.5f];
        var stopper = new EarlyStopping(monitor: "loss", patience: patience);
        Run(stopper, Compiled(), "loss", losses);
        Assert.Equal(Math.Max(patience, 1) + 2, stopper.StoppedEpoch);
    }

    [Fact]
    public void Restores_the_best_epochs_weights_as_keras()
    {
        var net = Compiled();
        // Best at epoch 2 (0.1); patience 2 stops at epoch 4 and puts epoch 2's weights back.
        Run(new EarlyStopping(patience: 2, restoreBestWeights: true), net, "val_loss", [0.2f, 0.15f, 0.1f, 0.11f, 0.12f]);
        Assert.All(net.Parameters.ToArray(), w => Assert.Equal(2f, w));

        // No epoch beats the baseline: 5 epochs train (patience 5), the best of them (epoch 2) is restored.
        int trained = Run(new EarlyStopping(patience: 5, baseline: 0.5, restoreBestWeights: true), net, "val_loss", [0.9f, 0.8f, 0.7f, 0.71f, 0.72f, 0.73f]);
        Assert.Equal(5, trained);
        Assert.All(net.Parameters.ToArray(), w => Assert.Equal(2f, w));

        // Another callback stops training: the best weights are still restored.
        trained = Run(new EarlyStopping(patience: 5, baseline: 0.5, restoreBestWeights: true), net, "val_loss", [0.9f, 0.8f, 0.7f, 0.71f, 0.72f, 0.73f], otherStopAt: 3);
        Assert.Equal(4, trained);
        Assert.All(net.Parameters.ToArray(), w => Assert.Equal(2f, w));
    }

    [Fact]
    public void Restores_the_best_weights_even_when_training_ran_all_its_epochs()
    {
        var net = Compiled();
        var stopper = new EarlyStopping(monitor: "loss", patience: 10, restoreBestWeights: true);
        int trained = Run(stopper, net, "loss", [3f, 1f, 2f, 2.5f]);
        Assert.Equal(4, trained);
        Assert.Equal(0, stopper.StoppedEpoch);
        Assert.Equal(1, stopper.BestEpoch);
        Assert.All(net.Parameters.ToArray(), w => Assert.Equal(1f, w));
    }

    [Fact]
    public void Min_delta_is_the_least_change_that_counts_in_either_direction()
    {
        // 1.0 → 0.95 is not an improvement by more than 0.1, so patience 1 stops at epoch 1.
        var falling = new EarlyStopping(monitor: "loss", minDelta: -0.1, patience: 1);
        Run(falling, Compiled(), "loss", [1.0f, 0.95f, 0.8f, 0.7f]);
        Assert.Equal(1, falling.StoppedEpoch);
        Assert.Equal(0.1, falling.MinDelta);
        // Rising quantity: +0.2 counts, +0.05 does not.
        var rising = new EarlyStopping(monitor: "accuracy", minDelta: 0.1, patience: 0);
        Run(rising, Compiled(Metric.Accuracy), "accuracy", [0.5f, 0.7f, 0.75f, 0.9f]);
        Assert.Equal(2, rising.StoppedEpoch);
    }

    [Fact]
    public void Nothing_is_watched_before_start_from_epoch()
    {
        // Epochs 0–2 are warm-up (epoch 1's 9 would have stopped it); watching starts at 3 with best = 5, and 6 does not improve.
        var stopper = new EarlyStopping(monitor: "loss", patience: 1, startFromEpoch: 3);
        Run(stopper, Compiled(), "loss", [1f, 9f, 9f, 5f, 6f, 7f, 8f]);
        Assert.Equal(4, stopper.StoppedEpoch);
    }

    [Theory]
    [InlineData(MonitorMode.Max, "val_mse", true)]
    [InlineData(MonitorMode.Min, "val_loss", false)]
    [InlineData(MonitorMode.Auto, "val_mse", false)]
    [InlineData(MonitorMode.Auto, "loss", false)]
    [InlineData(MonitorMode.Auto, "val_accuracy", true)]
    [InlineData(MonitorMode.Auto, "mae", false)]
    public void Auto_mode_follows_the_metric_direction_as_keras_3(MonitorMode mode, string monitor, bool rises)
    {
        // A value that moved in the monitored direction is an improvement; the other way, patience 0 stops.
        var stopper = new EarlyStopping(monitor: monitor, mode: mode);
        Run(stopper, Compiled(Metric.MeanSquaredError, Metric.Accuracy, Metric.MeanAbsoluteError), monitor, [1f, 2f]);
        Assert.Equal(rises ? 0 : 1, stopper.StoppedEpoch);
    }

    [Fact]
    public void Auto_mode_refuses_a_quantity_it_cannot_tell_the_direction_of()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Run(new EarlyStopping(monitor: "unknown"), Compiled(), "unknown", [1f]));
        Assert.Contains("MonitorMode.Max", e.Message);
    }

    [Fact]
    public void A_missing_monitor_warns_and_training_goes_on()
    {
        var net = Compiled();
        var log = new StringWriter();
        net.Log = log;
        float[] x = new float[8 * 4], y = new float[8 * 3];
        // Keras warns and goes on when the monitored value is not logged (here: no validation).
        History history = net.Fit(x, y, epochs: 3, batchSize: 4, verbose: 0, callbacks: [new EarlyStopping(monitor: "val_loss")]);
        Assert.Equal(3, history.Epochs.Count);
        Assert.Contains("the logs have no 'val_loss'; they have loss.", log.ToString());
    }

    [Fact]
    public void A_keras_2_accuracy_name_is_refused_with_the_keras_3_name()
    {
        var net = Compiled(Metric.Accuracy);
        var e = Assert.Throws<InvalidOperationException>(() => net.Fit(new float[8 * 4], new float[8 * 3], epochs: 1, batchSize: 4, verbose: 0,
            validationSplit: 0.5, callbacks: [new EarlyStopping(monitor: "val_acc")]));
        Assert.Contains("monitor 'val_accuracy'", e.Message);
    }

    [Fact]
    public void A_reused_instance_starts_afresh_in_each_fit()
    {
        // Keras 3 regression test (issue 20256): the best of an earlier fit must not stop a later one.
        var stopper = new EarlyStopping(monitor: "loss", patience: 1);
        Run(stopper, Compiled(), "loss", [0.1f, 0.2f, 0.3f]);
        Assert.Equal(1, stopper.StoppedEpoch);
        int trained = Run(stopper, Compiled(), "loss", [5f, 4f, 3f, 2f]);
        Assert.Equal(4, trained);
        Assert.Equal(0, stopper.StoppedEpoch);
    }

    [Fact]
    public void Fit_stops_early_and_restores_the_best_weights_end_to_end()
    {
        // Validation on data the network cannot fit: val_loss soon rises while loss falls.
        var net = new XorNet(seed: 4);
        net.Compile(new Adam(learningRate: 0.1f), Loss.BinaryCrossEntropy, Metric.Accuracy);
        float[] x = [0, 0, 0, 1, 1, 0, 1, 1], y = [0, 1, 1, 0], wrong = [1, 0, 0, 1];
        var log = new StringWriter();
        net.Log = log;
        var stopper = new EarlyStopping(patience: 3, verbose: 1, restoreBestWeights: true);
        float[]? best = null;
        var keeper = new LambdaSnapshot(stopperEpoch: () => stopper.BestEpoch, epoch => best = net.Parameters.ToArray());
        History history = net.Fit(x, y, epochs: 200, batchSize: 4, verbose: 0, validationData: (x, wrong), callbacks: [stopper, keeper]);

        Assert.True(history.Epochs.Count < 200, "training should have stopped early");
        Assert.Equal(history.Epochs.Count - 1, stopper.StoppedEpoch);
        int bestEpoch = history["val_loss"].Select((v, i) => (v, i)).MinBy(p => p.v).i;
        Assert.Equal(bestEpoch, stopper.BestEpoch);
        Assert.Equal(stopper.StoppedEpoch - 3, bestEpoch);
        Assert.Equal(best, net.Parameters.ToArray());
        Assert.Contains($"Epoch {stopper.StoppedEpoch + 1}: early stopping", log.ToString());
        Assert.Contains($"Restoring model weights from the end of the best epoch: {bestEpoch + 1}.", log.ToString());
    }

    /// <summary>Keeps the weights at the end of the epoch the stopper currently calls best (it runs after the stopper).</summary>
    private sealed class LambdaSnapshot(Func<int> stopperEpoch, Action<int> keep) : Callback
    {
        public override void OnEpochEnd(int epoch, Logs logs)
        {
            if (stopperEpoch() == epoch) keep(epoch);
        }
    }
}
