using Unroll.Tests.Networks;

namespace Unroll.Tests.Callbacks;

/// <summary>TerminateOnNaN as Keras 3 (keras/src/callbacks/terminate_on_nan.py): stop at the batch whose loss is not finite.</summary>
public class TerminateOnNaNTests
{
    private static (HiddenLinearNet Net, float[] X, float[] Y, StringWriter Log) Diverging()
    {
        var net = new HiddenLinearNet(seed: 1);
        net.Compile(new Sgd(1e6f), Loss.MeanSquaredError);
        var random = new Random(9);
        float[] x = Enumerable.Range(0, 64 * 4).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        float[] y = Enumerable.Range(0, 64 * 3).Select(i => (float)(i % 3)).ToArray();
        var log = new StringWriter();
        net.Log = log;
        return (net, x, y, log);
    }

    [Fact]
    public void Training_stops_at_the_first_batch_whose_loss_is_not_finite()
    {
        var (net, x, y, log) = Diverging();
        History history = net.Fit(x, y, epochs: 5, batchSize: 8, verbose: 0, shuffle: false, callbacks: [new TerminateOnNaN()]);

        TrainingStep first = history.FirstNonFiniteLoss!.Value; // 1-based epoch and batch
        Assert.Equal(first.Epoch, history.Epochs.Count);
        long stepsRun = (first.Epoch - 1) * 8L + first.Batch;
        Assert.Equal(stepsRun, net.Optimizer.Iterations);
        Assert.Contains($"Batch {first.Batch - 1}: Invalid loss, terminating training", log.ToString());
        Assert.False(float.IsFinite(history["loss"][^1]));
    }

    [Fact]
    public void With_raise_error_it_throws_at_that_batch()
    {
        var (net, x, y, _) = Diverging();
        var e = Assert.Throws<InvalidOperationException>(() => net.Fit(x, y, epochs: 5, batchSize: 8, verbose: 0, callbacks: [new TerminateOnNaN(raiseError: true)]));
        Assert.Contains("NaN or Inf loss encountered at batch", e.Message);
    }

    [Fact]
    public void A_finite_run_is_not_touched()
    {
        var net = new HiddenLinearNet(seed: 1);
        net.Compile(new Sgd(), Loss.MeanSquaredError);
        History history = net.Fit(new float[16 * 4], new float[16 * 3], epochs: 3, batchSize: 4, verbose: 0, callbacks: [new TerminateOnNaN()]);
        Assert.Equal(3, history.Epochs.Count);
    }
}
