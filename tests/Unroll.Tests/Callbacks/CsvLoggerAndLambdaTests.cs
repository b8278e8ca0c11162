using Unroll.Tests.Files;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Callbacks;

/// <summary>CsvLogger as Keras 3's CSVLogger writes its file, and LambdaCallback's hooks.</summary>
public class CsvLoggerAndLambdaTests
{
    private static readonly float[] X = [0, 0, 0, 1, 1, 0, 1, 1];
    private static readonly float[] Y = [0, 1, 1, 0];

    private static XorNet Net()
    {
        var net = new XorNet(seed: 1);
        net.Compile(new Adam(learningRate: 0.05f), Loss.BinaryCrossEntropy, Metric.Accuracy);
        return net;
    }

    private static string Repr(float v) => PythonFormat.Format("{v}", 0, CallbackRecorder.LogsOf(("v", v)));

    [Fact]
    public void Rows_hold_the_epoch_and_the_sorted_logs_as_python_writes_them()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("log.csv");
        File.WriteAllText(path, "old content\r\n");
        var net = Net();
        History history = net.Fit(X, Y, epochs: 3, batchSize: 2, verbose: 0, validationData: (X, Y), callbacks: [new CsvLogger(path)]);

        var expected = new List<string> { "epoch,accuracy,loss,val_accuracy,val_loss" };
        for (int e = 0; e < 3; e++)
            expected.Add($"{e},{Repr(history["accuracy"][e])},{Repr(history["loss"][e])},{Repr(history["val_accuracy"][e])},{Repr(history["val_loss"][e])}");
        Assert.Equal(string.Join("\r\n", expected) + "\r\n", File.ReadAllText(path));

        // append: more rows, no second header; the epochs count from 0 again, as in Keras.
        net.Fit(X, Y, epochs: 2, batchSize: 2, verbose: 0, validationData: (X, Y), callbacks: [new CsvLogger(path, append: true)]);
        string[] lines = File.ReadAllText(path).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("1,", lines[^1]);

        // a separator of one's own
        net.Fit(X, Y, epochs: 1, batchSize: 2, verbose: 0, callbacks: [new CsvLogger(path, separator: ';')]);
        Assert.StartsWith("epoch;accuracy;loss\r\n0;", File.ReadAllText(path));
    }

    [Fact]
    public void Lambda_hooks_are_called_with_the_model_and_logs()
    {
        var net = Net();
        var seen = new List<string>();
        LambdaCallback? callback = null;
        callback = new LambdaCallback(
            onTrainBegin: _ => seen.Add("begin"),
            onEpochEnd: (epoch, logs) => seen.Add($"epoch {epoch} {logs["loss"] > 0} {ReferenceEquals(callback!.Model, net)}"),
            onTrainBatchEnd: (batch, logs) => seen.Add($"batch {batch}"),
            onTrainEnd: logs => seen.Add($"end {logs.Count}"));
        net.Fit(X, Y, epochs: 2, batchSize: 2, verbose: 0, callbacks: [callback]);
        Assert.Equal(["begin", "batch 0", "batch 1", "epoch 0 True True", "batch 0", "batch 1", "epoch 1 True True", "end 2"], seen);
    }
}
