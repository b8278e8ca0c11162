using Unroll.Tests.Files;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Callbacks;

/// <summary>The network of Keras's LearningRateScheduler docstring: Sequential([Dense(10)]) on 20 features.</summary>
[Sequential, Input(20), Dense(10)]
public partial class SchedulerDocstringNet;

/// <summary>
/// The settable learning rate and the callbacks that set it, against Keras 3
/// (keras/src/callbacks/learning_rate_scheduler.py, reduce_lr_on_plateau.py).
/// </summary>
public class LearningRateCallbackTests
{
    private static readonly float[] X = Enumerable.Range(0, 5 * 20).Select(i => (float)i).ToArray();

    [Fact]
    public void The_scheduler_reproduces_the_keras_docstring_example()
    {
        // Keras: SGD(), lr kept for 10 epochs then times exp(-0.1); after 15 epochs round(lr, 5) == 0.00607.
        var net = new SchedulerDocstringNet(seed: 1);
        net.Compile(new Sgd(), Loss.MeanSquaredError);
        var scheduler = new LearningRateScheduler((epoch, lr) => epoch < 10 ? lr : lr * MathF.Exp(-0.1f));
        History history = net.Fit(X, new float[5 * 10], epochs: 15, batchSize: 1, verbose: 0, callbacks: [scheduler]);
        Assert.Equal(0.00607, Math.Round(net.Optimizer.LearningRate, 5));
        // History records the rate each epoch trained with, under Keras's name.
        Assert.Equal(0.01f, history["learning_rate"][9]);
        Assert.Equal(net.Optimizer.LearningRate, history["learning_rate"][14]);
        Assert.Equal(["loss", "learning_rate"], history.Keys);
    }

    [Fact]
    public void A_changed_rate_is_what_the_next_step_uses_and_what_save_keeps()
    {
        float[] x = new float[4 * 4], y = Enumerable.Range(0, 4 * 3).Select(i => i * 0.1f).ToArray();
        var a = new HiddenLinearNet(seed: 3);
        a.Compile(new Sgd(0.1f), Loss.MeanSquaredError);
        a.Optimizer.LearningRate = 0.025f;
        a.TrainOnBatch(x, y);
        var b = new HiddenLinearNet(seed: 3);
        b.Compile(new Sgd(0.025f), Loss.MeanSquaredError);
        b.TrainOnBatch(x, y);
        Assert.Equal(b.Parameters.ToArray(), a.Parameters.ToArray());

        using var folder = new TemporaryFolder();
        a.Save(folder.File("m.unroll"));
        var loaded = new HiddenLinearNet(seed: 4);
        loaded.Load(folder.File("m.unroll"));
        Assert.Equal(0.025f, loaded.Optimizer.LearningRate);
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Optimizer.LearningRate = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Optimizer.LearningRate = float.NaN);
    }

    private static (ReduceLROnPlateau Callback, HiddenLinearNet Net, List<float> Rates) Plateau(float[] losses, ReduceLROnPlateau callback)
    {
        var net = new HiddenLinearNet(seed: 1);
        net.Compile(new Sgd(1f), Loss.MeanSquaredError);
        callback.Model = net;
        callback.OnTrainBegin(default);
        var rates = new List<float>();
        for (int epoch = 0; epoch < losses.Length; epoch++)
        {
            callback.OnEpochEnd(epoch, CallbackRecorder.LogsOf(("val_loss", losses[epoch]), ("val_accuracy", 1 - losses[epoch])));
            rates.Add(net.Optimizer.LearningRate);
        }
        return (callback, net, rates);
    }

    [Fact]
    public void Plateaus_lower_the_rate_after_patience_epochs()
    {
        var (_, _, rates) = Plateau([1, 1, 1, 0.5f, 0.5f, 0.5f, 0.5f], new ReduceLROnPlateau(factor: 0.5, patience: 2, minDelta: 0));
        Assert.Equal([1f, 1f, 0.5f, 0.5f, 0.5f, 0.25f, 0.25f], rates);
    }

    [Fact]
    public void Cooldown_epochs_do_not_count_and_min_lr_is_a_floor()
    {
        // patience 1, cooldown 2 (Keras counts it down at the start of each epoch end, so epoch 3 can
        // count again): reduce at 1; epoch 2 cools down; 3 reduces again, clamped to 0.3; at epoch 5
        // the rate is at the floor and stays.
        var (c, _, rates) = Plateau([1, 1, 1, 1, 1, 1], new ReduceLROnPlateau(factor: 0.5, patience: 1, cooldown: 2, minLr: 0.3, minDelta: 0));
        Assert.Equal([1f, 0.5f, 0.5f, 0.3f, 0.3f, 0.3f], rates);
        Assert.Equal(1, c.Wait);
    }

    [Fact]
    public void Min_delta_decides_what_improves_and_acc_names_are_maximised()
    {
        // 1 → 0.99995 is not better by more than the default 1e-4: patience 1 lowers the rate.
        var (_, _, rates) = Plateau([1, 0.99995f], new ReduceLROnPlateau(patience: 1));
        Assert.Equal([1f, 0.1f], rates);
        // val_accuracy rises as val_loss falls: an improvement every epoch, so the rate stays.
        var (_, _, kept) = Plateau([1, 0.8f, 0.6f, 0.4f], new ReduceLROnPlateau(monitor: "val_accuracy", patience: 1));
        Assert.All(kept, r => Assert.Equal(1f, r));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(factor: 1.0));
    }
}
