using Unroll.Tests.Networks;

namespace Unroll.Tests.Files;

/// <summary>Save / Load of the whole model: training resumes bit for bit where it stopped.</summary>
public class ModelFileTests
{
    private static (float[] X, float[] Y) Data(int samples, int features, int outputs, bool categorical)
    {
        var random = new SeededRandom(21);
        var x = new float[samples * features];
        var y = new float[samples * outputs];
        for (int i = 0; i < x.Length; i++) x[i] = (float)random.NextGaussian();
        for (int s = 0; s < samples; s++)
        {
            if (categorical) y[s * outputs + random.NextInt(outputs)] = 1;
            else for (int o = 0; o < outputs; o++) y[s * outputs + o] = random.NextInt(2);
        }
        return (x, y);
    }

    public static TheoryData<string> Optimizers => ["adam", "sgd", "nesterov", "rmsprop", "adagrad", "adadelta"];

    private static Optimizer Create(string name) => name switch
    {
        "adam" => new Adam(0.01f),
        "sgd" => new Sgd(0.05f, momentum: 0.9f, decay: 0.01f),
        "nesterov" => new Sgd(0.05f, momentum: 0.8f, nesterov: true),
        "rmsprop" => new RmsProp(0.01f),
        "adagrad" => new Adagrad(0.05f),
        "adadelta" => new Adadelta(1f),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Fit_2_save_load_fit_2_equals_fit_4_bit_for_bit(string optimizer)
    {
        var (x, y) = Data(100, 8, 1, categorical: false);
        var straight = new PimaNet(seed: 7);
        straight.Compile(Create(optimizer), Loss.BinaryCrossEntropy, Metric.Accuracy);
        History whole = straight.Fit(x, y, epochs: 4, batchSize: 16, verbose: 0);

        using var folder = new TemporaryFolder();
        var first = new PimaNet(seed: 7);
        first.Compile(Create(optimizer), Loss.BinaryCrossEntropy, Metric.Accuracy);
        first.Fit(x, y, epochs: 2, batchSize: 16, verbose: 0);
        first.Save(folder.File("model.unroll"));

        var resumed = new PimaNet(seed: 99); // different initial weights and generator: all must come from the file
        resumed.Load(folder.File("model.unroll"));
        History rest = resumed.Fit(x, y, epochs: 2, batchSize: 16, verbose: 0);

        Assert.Equal(straight.Parameters.ToArray(), resumed.Parameters.ToArray());
        Assert.Equal(whole["loss"].Skip(2), rest["loss"]);
        Assert.Equal(straight.Optimizer.Iterations, resumed.Optimizer.Iterations);
        Assert.Equal(straight.Optimizer.GetType(), resumed.Optimizer.GetType());
        Assert.Equal(["accuracy"], resumed.Metrics.Select(m => m.Name));
    }

    [Fact]
    public void Dropout_masks_resume_with_the_generator()
    {
        var (x, y) = Data(40, 36, 3, categorical: true);
        var straight = new DropoutNet(seed: 5);
        straight.Compile(new Adam(0.01f), Loss.CategoricalCrossEntropy, Metric.Accuracy);
        straight.Fit(x, y, epochs: 4, batchSize: 8, verbose: 0);

        using var folder = new TemporaryFolder();
        var first = new DropoutNet(seed: 5);
        first.Compile(new Adam(0.01f), Loss.CategoricalCrossEntropy, Metric.Accuracy);
        first.Fit(x, y, epochs: 2, batchSize: 8, verbose: 0);
        first.Save(folder.File("model.unroll"));
        var resumed = new DropoutNet(seed: 6);
        resumed.Load(folder.File("model.unroll"));
        resumed.Fit(x, y, epochs: 2, batchSize: 8, verbose: 0);

        Assert.Equal(straight.Parameters.ToArray(), resumed.Parameters.ToArray());
    }

    [Fact]
    public void A_model_file_is_safetensors_with_the_optimizer_state_beside_the_weights()
    {
        using var folder = new TemporaryFolder();
        var net = new PimaNet(seed: 7);
        net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy);
        net.TrainOnBatch(new float[16], [1, 0]);
        net.Save(folder.File("model.unroll"));

        using var read = WeightFileTests.ReadWithPython(folder.File("model.unroll"));
        Assert.Equal(
            ["dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias",
             "optimizer/m/dense/kernel", "optimizer/m/dense/bias", "optimizer/m/dense_1/kernel", "optimizer/m/dense_1/bias",
             "optimizer/v/dense/kernel", "optimizer/v/dense/bias", "optimizer/v/dense_1/kernel", "optimizer/v/dense_1/bias"],
            read.RootElement.GetProperty("tensors").EnumerateObject().Select(p => p.Name));
        var metadata = read.RootElement.GetProperty("metadata");
        Assert.Equal("unroll.model/1", metadata.GetProperty("format").GetString());
        Assert.Equal("binary_crossentropy", metadata.GetProperty("loss").GetString());
        Assert.Equal("1", metadata.GetProperty("iterations").GetString());
        Assert.Equal("""{"class_name":"Adam","config":{"learning_rate":0.0010000000474974513,"beta_1":0.8999999761581421,"beta_2":0.9990000128746033,"epsilon":1.0000000116860974E-07}}""",
            metadata.GetProperty("optimizer").GetString());
    }

    [Fact]
    public void Weights_only_files_and_model_files_are_told_apart()
    {
        using var folder = new TemporaryFolder();
        var net = new PimaNet(seed: 7);
        net.SaveWeights(folder.File("w.safetensors"));
        var e = Assert.Throws<WeightFileException>(() => new PimaNet(seed: 1).Load(folder.File("w.safetensors")));
        Assert.Equal("it holds weights only (SaveWeights); use LoadWeights, or save with Save to keep the training state.", e.Problem);

        net.Compile(new Sgd(), Loss.MeanSquaredError);
        net.Save(folder.File("m.unroll"));
        var weightsOnly = new PimaNet(seed: 1);
        weightsOnly.LoadWeights(folder.File("m.unroll")); // the weights of a model file load alone
        Assert.Equal(net.Parameters.ToArray(), weightsOnly.Parameters.ToArray());
        Assert.False(weightsOnly.IsCompiled);
    }

    [Fact]
    public void Saving_an_uncompiled_model_says_there_is_no_training_state()
    {
        using var folder = new TemporaryFolder();
        var e = Assert.Throws<InvalidOperationException>(() => new PimaNet(seed: 1).Save(folder.File("m.unroll")));
        Assert.Contains("not compiled", e.Message);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void A_model_file_of_another_network_is_refused_before_anything_changes()
    {
        using var folder = new TemporaryFolder();
        var xor = new XorNet(seed: 1);
        xor.Compile(new Adam(), Loss.BinaryCrossEntropy);
        xor.Save(folder.File("xor.unroll"));
        var net = new PimaNet(seed: 1);
        float[] before = net.Parameters.ToArray();
        var e = Assert.Throws<WeightFileException>(() => net.Load(folder.File("xor.unroll")));
        Assert.Contains("a different architecture", e.Problem);
        Assert.Equal(before, net.Parameters.ToArray());
        Assert.False(net.IsCompiled);
    }
}
