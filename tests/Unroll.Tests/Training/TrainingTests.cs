using System.Text.RegularExpressions;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Training;

/// <summary>The Keras lifecycle end to end: learning, determinism, validation, logs, errors.</summary>
public class TrainingTests
{
    private static readonly float[] XorInputs = [0, 0, 0, 1, 1, 0, 1, 1];
    private static readonly float[] XorLabels = [0, 1, 1, 0];

    private static (Matrix X, Matrix Y) Pima()
        => Csv.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "pima-indians-diabetes.csv")).SplitLabel(column: 8);

    [Fact]
    public void Xor_is_learnt()
    {
        var net = new XorNet(seed: 1);
        net.Compile(new Adam(learningRate: 0.05f), Loss.BinaryCrossEntropy, Metric.Accuracy);
        History history = net.Fit(XorInputs, XorLabels, epochs: 300, batchSize: 4, verbose: 0);
        float[] p = net.Predict(XorInputs);
        for (int i = 0; i < 4; i++)
            Assert.True(p[i] > 0.5f == XorLabels[i] > 0.5f, $"XOR({XorInputs[2 * i]}, {XorInputs[2 * i + 1]}) predicted {p[i]}");
        Assert.True(history["loss"][^1] < 0.1f, $"final loss {history["loss"][^1]}");
        Assert.Equal(1f, net.Evaluate(XorInputs, XorLabels)["accuracy"]);
    }

    [Fact]
    public void Pima_reaches_70_percent_training_accuracy_with_the_keras_recipe()
    {
        var (x, y) = Pima();
        var net = new PimaNet(seed: 7);
        net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy);
        net.Fit(x, y, epochs: 100, batchSize: 10, verbose: 0, seed: 7);
        Evaluation score = net.Evaluate(x, y);
        Assert.True(score["accuracy"] >= 0.70f, $"accuracy {score["accuracy"]}");
        Assert.Equal(121, net.ParameterCount);
    }

    [Fact]
    public void The_same_seeds_give_bit_identical_training()
    {
        var (x, y) = Pima();
        float[] Train()
        {
            var net = new PimaNet(seed: 3);
            net.Compile(new Adam(), Loss.BinaryCrossEntropy);
            net.Fit(x, y, epochs: 3, batchSize: 16, verbose: 0, seed: 11);
            return net.Parameters.ToArray();
        }
        Assert.Equal(Train(), Train());
        Assert.NotEqual(new PimaNet(seed: 3).Parameters.ToArray(), new PimaNet(seed: 4).Parameters.ToArray());
    }

    [Fact]
    public void Validation_split_holds_out_the_last_samples_and_reports_them()
    {
        var (x, y) = Pima();
        var net = new PimaNet(seed: 1);
        net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy);
        History history = net.Fit(x, y, epochs: 2, batchSize: 32, verbose: 0, validationSplit: 0.1f);
        Assert.Equal(["loss", "accuracy", "val_loss", "val_accuracy"], history.Keys);
        Assert.Equal(2, history.Epochs);
        // Keras: the first floor(768 · 0.9) = 691 samples train, the last 77 validate.
        int train = 691;
        Evaluation held = net.Evaluate(x.Data[(train * 8)..], y.Data[train..], batchSize: 32);
        Assert.Equal(held.Loss, history["val_loss"][^1]);
        Assert.Equal(held["accuracy"], history["val_accuracy"][^1]);
    }

    [Fact]
    public void Validation_data_is_used_when_given()
    {
        var net = new XorNet(seed: 2);
        net.Compile(new Sgd(), Loss.MeanSquaredError, Metric.MeanAbsoluteError);
        History history = net.Fit(XorInputs, XorLabels, epochs: 1, batchSize: 2, verbose: 0, validationData: (XorInputs[..4], XorLabels[..2]));
        Assert.Equal(net.Evaluate(XorInputs[..4], XorLabels[..2]).Loss, history["val_loss"][0]);
        Assert.Contains("val_mae", history.Keys);
    }

    [Fact]
    public void Train_on_batch_returns_the_loss_before_the_update_and_changes_the_weights()
    {
        var net = new XorNet(seed: 4);
        net.Compile(new Sgd(learningRate: 0.1f), Loss.BinaryCrossEntropy);
        float[] before = net.Parameters.ToArray();
        float expected = net.Evaluate(XorInputs, XorLabels).Loss;
        float loss = net.TrainOnBatch(XorInputs, XorLabels);
        Assert.Equal(expected, loss, 1e-6f);
        Assert.NotEqual(before, net.Parameters.ToArray());
        Assert.True(net.Evaluate(XorInputs, XorLabels).Loss < loss);
    }

    [Fact]
    public void L2_penalty_is_part_of_the_reported_loss()
    {
        var net = new MixedNet(seed: 5);
        net.Compile(new Sgd(), Loss.MeanSquaredError);
        var x = new float[2 * 4];
        var y = new float[2 * 3];
        float loss = net.Evaluate(x, y).Loss;
        // Zero inputs: dense has no bias, so its output and everything after it is input-independent;
        // the penalty alone is 0.01 · Σ w² + 0.02 · Σ w² over the two regularised kernels.
        double penalty = 0.01 * net.Parameters[..24].ToArray().Sum(w => (double)w * w)
                       + 0.02 * net.Parameters.Slice(24, 30).ToArray().Sum(w => (double)w * w);
        float[] p = net.Predict(x);
        double mse = p.Select((v, i) => (double)(v - y[i]) * (v - y[i])).Sum() / p.Length;
        Assert.Equal(mse + penalty, loss, 1e-5);
    }

    [Fact]
    public void Verbose_two_prints_one_keras_line_per_epoch()
    {
        var net = new XorNet(seed: 1);
        net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy);
        var log = new StringWriter();
        net.Log = log;
        net.Fit(XorInputs, XorLabels, epochs: 2, batchSize: 2, verbose: 2, validationSplit: 0.5f);
        string[] lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("Epoch 1/2", lines[0]);
        Assert.Matches(new Regex(@"^1/1 - \d+s - \d+(us|ms)/step - accuracy: \d\.\d{4} - loss: \d\.\d{4} - val_accuracy: \d\.\d{4} - val_loss: \d\.\d{4}$"), lines[1]);
    }

    [Fact]
    public void Verbose_one_prints_a_progress_bar()
    {
        var net = new XorNet(seed: 1);
        net.Compile(new Adam(), Loss.BinaryCrossEntropy);
        var log = new StringWriter();
        net.Log = log;
        net.Fit(XorInputs, XorLabels, epochs: 1, batchSize: 1, verbose: 1);
        Assert.Matches(new Regex(@"4/4 ━{20} \d+s \d+(us|ms)/step - loss: \d\.\d{4}"), log.ToString());
    }

    [Fact]
    public void Summary_is_the_keras_table()
    {
        string summary = new PimaNet().Summary();
        Assert.Contains(" dense (Dense)               (None, 12)                108", summary);
        Assert.Contains(" dense_1 (Dense)             (None, 1)                 13", summary);
        Assert.Contains("Total params: 121", summary);
    }

    [Fact]
    public void Parameter_tensors_describe_the_flat_buffer_in_keras_layout()
    {
        var net = new PimaNet();
        Assert.Equal(["dense/kernel [0, 96) (8, 12)", "dense/bias [96, 108) (12)", "dense_1/kernel [108, 120) (12, 1)", "dense_1/bias [120, 121) (1)"],
            net.ParameterTensors.Select(t => t.ToString()));
        // Keras defaults: zero biases, glorot-uniform kernels within ±sqrt(6 / (8 + 12)).
        Assert.All(net.Parameters[96..108].ToArray(), b => Assert.Equal(0f, b));
        Assert.All(net.Parameters[..96].ToArray(), w => Assert.InRange(w, -MathF.Sqrt(6f / 20), MathF.Sqrt(6f / 20)));
    }

    [Fact]
    public void Wrong_data_gets_errors_that_say_expected_and_found()
    {
        var net = new PimaNet(seed: 1);
        Assert.Contains("not compiled", Assert.Throws<InvalidOperationException>(() => net.Fit(new float[8], new float[1])).Message);
        net.Compile(new Adam(), Loss.BinaryCrossEntropy);
        var e = Assert.Throws<ArgumentException>(() => net.Fit(new float[9], new float[1], verbose: 0));
        Assert.Contains("takes 8 values per sample", e.Message);
        Assert.Contains("has 9 values", e.Message);
        e = Assert.Throws<ArgumentException>(() => net.Fit(new float[16], new float[3], verbose: 0));
        Assert.Contains("Expected 2 label values", e.Message);
        Assert.Contains("has 3", e.Message);
        float[] x = new float[16];
        x[11] = float.NaN;
        e = Assert.Throws<ArgumentException>(() => net.Fit(x, new float[2], verbose: 0));
        Assert.Contains("sample 1, feature 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => net.Predict(new Matrix(2, 9)));
        Assert.Contains("has 9 columns", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Fit(new float[16], new float[2], validationSplit: 1f, verbose: 0));
    }
}
