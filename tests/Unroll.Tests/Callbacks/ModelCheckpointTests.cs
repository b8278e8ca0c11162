using Unroll.Tests.Files;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Callbacks;

/// <summary>ModelCheckpoint as Keras 3 (keras/src/callbacks/model_checkpoint.py): names, when it saves, what it saves.</summary>
public class ModelCheckpointTests
{
    private static readonly float[] X = Enumerable.Range(0, 16 * 2).Select(i => (i * 7 % 11) / 11f).ToArray();
    private static readonly float[] Y = Enumerable.Range(0, 16).Select(i => (float)(i * 3 % 2)).ToArray();
    private static readonly float[] ValY = Enumerable.Range(0, 16).Select(i => (float)(i % 2)).ToArray();

    private static XorNet Net(int seed = 2)
    {
        var net = new XorNet(seed: seed);
        net.Compile(new Adam(learningRate: 0.05f), Loss.BinaryCrossEntropy, Metric.Accuracy);
        net.Log = new StringWriter();
        return net;
    }

    /// <summary>Copies the weights at each epoch end (listed after the checkpoint, so it sees what was saved).</summary>
    private sealed class Snapshots : Callback
    {
        public List<float[]> Weights { get; } = [];
        public override void OnEpochEnd(int epoch, Logs logs) => Weights.Add(Model.Parameters.ToArray());
    }

    [Fact]
    public void Every_epoch_is_saved_under_its_keras_name_as_a_whole_model()
    {
        using var folder = new TemporaryFolder();
        var net = Net();
        var checkpoint = new ModelCheckpoint(Path.Combine(folder.Path, "runs", "model_{epoch:02d}_{val_loss:.2f}.unroll"));
        var snapshots = new Snapshots();
        History history = net.Fit(X, Y, epochs: 4, batchSize: 4, verbose: 0, validationData: (X, ValY), callbacks: [checkpoint, snapshots]);

        Assert.Equal(4, checkpoint.SavedFiles.Count);
        for (int epoch = 0; epoch < 4; epoch++)
        {
            // The names Python gives: epoch from 1, two digits; val_loss to two decimals.
            string name = $"model_{epoch + 1:00}_{PythonFormat.Format("{v:.2f}", 0, CallbackRecorder.LogsOf(("v", history["val_loss"][epoch])))}.unroll";
            Assert.Equal(Path.Combine(folder.Path, "runs", name), checkpoint.SavedFiles[epoch]);
            var loaded = new XorNet(seed: 99);
            loaded.Load(checkpoint.SavedFiles[epoch]); // a whole model: compiled with the optimizer state
            Assert.Equal(snapshots.Weights[epoch], loaded.Parameters.ToArray());
            Assert.Equal(4L * (epoch + 1), loaded.Optimizer.Iterations);
        }
    }

    [Fact]
    public void Save_best_only_keeps_the_best_epoch_and_skips_the_others()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("best.unroll");
        var net = Net(seed: 5);
        var checkpoint = new ModelCheckpoint(path, saveBestOnly: true, verbose: 1);
        var snapshots = new Snapshots();
        History history = net.Fit(X, Y, epochs: 12, batchSize: 4, verbose: 0, validationData: (X, ValY), callbacks: [checkpoint, snapshots]);

        // Keras: saved when val_loss < the best so far (strictly), the first epoch against +inf.
        var improvements = new List<int>();
        double best = double.PositiveInfinity;
        for (int epoch = 0; epoch < 12; epoch++)
            if (history["val_loss"][epoch] < best) { best = history["val_loss"][epoch]; improvements.Add(epoch); }
        Assert.Equal(improvements.Count, checkpoint.SavedFiles.Count);
        Assert.True(improvements.Count is > 0 and < 12, $"the run should both improve and not: {string.Join(",", history["val_loss"])}");
        Assert.Equal(best, checkpoint.Best);
        var loaded = new XorNet(seed: 99);
        loaded.Load(path);
        Assert.Equal(snapshots.Weights[improvements[^1]], loaded.Parameters.ToArray());
        string log = net.Log!.ToString()!;
        Assert.Contains("Epoch 1: val_loss improved from inf to ", log);
        Assert.Contains("did not improve from", log);
    }

    [Fact]
    public void Monitoring_accuracy_in_auto_mode_keeps_the_highest()
    {
        using var folder = new TemporaryFolder();
        var net = Net(seed: 6);
        var checkpoint = new ModelCheckpoint(folder.File("acc.unroll"), monitor: "accuracy", saveBestOnly: true);
        History history = net.Fit(X, Y, epochs: 8, batchSize: 4, verbose: 0, callbacks: [checkpoint]);
        Assert.Equal(history["accuracy"].Max(), checkpoint.Best);
    }

    [Fact]
    public void Weights_only_go_through_save_weights()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("w_{epoch}.safetensors");
        var net = Net();
        var snapshots = new Snapshots();
        net.Fit(X, Y, epochs: 2, batchSize: 4, verbose: 0, callbacks: [new ModelCheckpoint(path, saveWeightsOnly: true), snapshots]);
        var loaded = new XorNet(seed: 99);
        loaded.LoadWeights(folder.File("w_2.safetensors"));
        Assert.Equal(snapshots.Weights[1], loaded.Parameters.ToArray());
        Assert.Throws<WeightFileException>(() => loaded.Load(folder.File("w_2.safetensors"))); // weights only, no training state
    }

    [Fact]
    public void A_diverged_epoch_is_not_saved_over_a_good_file()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("last.unroll");
        var net = new HiddenLinearNet(seed: 1);
        net.Compile(new Sgd(1e6f), Loss.MeanSquaredError);
        var log = new StringWriter();
        net.Log = log;
        var random = new Random(9);
        float[] x = Enumerable.Range(0, 64 * 4).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        float[] y = Enumerable.Range(0, 64 * 3).Select(i => (float)(i % 3)).ToArray();
        var checkpoint = new ModelCheckpoint(path, monitor: "loss");
        net.Fit(x, y, epochs: 3, batchSize: 64, verbose: 0, shuffle: false, callbacks: [checkpoint]);
        Assert.Contains("not saving", log.ToString());
        Assert.True(checkpoint.SavedFiles.Count < 3);
        if (checkpoint.SavedFiles.Count > 0) new HiddenLinearNet(seed: 2).Load(path); // what was written is good
    }

    [Fact]
    public void A_template_naming_an_unlogged_value_fails_with_what_is_logged()
    {
        using var folder = new TemporaryFolder();
        var net = Net();
        var e = Assert.Throws<KeyNotFoundException>(() => net.Fit(X, Y, epochs: 1, batchSize: 4, verbose: 0,
            callbacks: [new ModelCheckpoint(folder.File("m_{val_loss:.2f}.unroll"), monitor: "loss")]));
        Assert.Contains("loss, accuracy", e.Message);
    }
}
