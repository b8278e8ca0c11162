using System.Runtime.InteropServices;
using System.Text.Json;
using Unroll.Tests.Files;
using Unroll.Tests.Networks;
using Unroll.Tests.Numerics;

namespace Unroll.Tests.Training;

/// <summary>
/// Non-trainable weights (moving statistics) on a hand-written stand-in, <see cref="FrozenStateNet"/>:
/// optimizers never see them, files and predictors carry them, counts report them.
/// </summary>
[Collection(SerialCollection.Name)] // one test splits a batch over the shared worker pool
public class NonTrainableWeightTests
{
    private static readonly float[] Inputs = [0.3f, -1.2f, 2.0f, 0.7f, -0.4f, 0.1f, 1.5f, -2.2f];
    private static readonly float[] Labels = [1f, -0.5f, 0.25f, 2f];

    public static TheoryData<string> Optimizers => ["sgd", "adam", "rmsprop", "adagrad", "adadelta"];

    private static Optimizer Create(string name) => name switch
    {
        "sgd" => new Sgd(learningRate: 0.1f, momentum: 0.9f, nesterov: true),
        "adam" => new Adam(learningRate: 0.1f),
        "rmsprop" => new RmsProp(learningRate: 0.1f),
        "adagrad" => new Adagrad(learningRate: 0.1f),
        "adadelta" => new Adadelta(learningRate: 1f),
        _ => throw new ArgumentException(name),
    };

    private static float[] MovingMean(Model net) => net.Weights.Slice(5, 2).ToArray();

    private static float[] TrainablePart(Model net) => net.Weights[..FrozenStateNet.TrainableLength].ToArray();

    [Fact]
    public void Counts_and_tensors_report_both_parts()
    {
        var net = new FrozenStateNet(seed: 1);

        Assert.Equal(7, net.ParameterCount);
        Assert.Equal(5, net.TrainableParameterCount);
        Assert.Equal(2, net.NonTrainableParameterCount);
        Assert.Equal(7, net.Parameters.Length);
        Assert.Equal(
            ["normalization/gamma [0, 2) (2)", "normalization/moving_mean [5, 7) (2) non-trainable", "dense/kernel [2, 4) (2, 1)", "dense/bias [4, 5) (1)"],
            net.ParameterTensors.Select(t => t.ToString()));
        Assert.Equal([true, false, true, true], net.ParameterTensors.Select(t => t.Trainable));
    }

    [Fact]
    public void The_gradient_buffer_covers_the_trainable_part_only()
    {
        var net = new FrozenStateNet(seed: 1);
        net.Compile(new Sgd(), Loss.MeanSquaredError);
        net.ComputeGradients(Inputs, Labels);

        Assert.Equal(5, net.Gradients.Length);
        Assert.Contains(net.Gradients.ToArray(), g => g != 0);
    }

    [Fact]
    public void A_batch_split_over_threads_sums_the_trainable_gradients()
    {
        // 65,536 samples × 4 multiply-adds reach the split threshold (2^18).
        const int batch = 1 << 16;
        var random = new SeededRandom(14);
        float[] inputs = GradientCheckTests.RandomArray(random, batch * 2, 1);
        float[] labels = GradientCheckTests.RandomArray(random, batch, 1);
        var net = new FrozenStateNet(seed: 14);
        net.Compile(new Sgd(), Loss.MeanSquaredError);

        net.Threads = 1;
        net.ComputeGradients(inputs, labels);
        float[] single = net.Gradients.ToArray();
        net.Threads = 4;
        long runs = WorkerPool.Shared.Runs;
        net.ComputeGradients(inputs, labels);

        Assert.Equal(runs + 2, WorkerPool.Shared.Runs); // the forward and backward passes were split

        Assert.Equal(5, net.Gradients.Length);
        for (int i = 0; i < single.Length; i++) Assert.Equal(single[i], net.Gradients[i], 1e-4f);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Optimizers_size_their_state_by_the_trainable_part_and_never_change_the_rest(string name)
    {
        var net = new FrozenStateNet(seed: 2);
        Optimizer optimizer = Create(name);
        net.Compile(optimizer, Loss.MeanSquaredError);
        float[] trainable = TrainablePart(net);

        for (int step = 0; step < 5; step++) net.TrainOnBatch(Inputs, Labels);

        Assert.Equal(5, optimizer.Length);
        Assert.All(optimizer.StateSlots, slot => Assert.Equal(5, slot.Values.Length));
        Assert.Equal(FrozenStateNet.InitialMovingMean, MovingMean(net));
        Assert.NotEqual(trainable, TrainablePart(net));
    }

    [Fact]
    public void Fit_trains_the_trainable_part_and_leaves_the_moving_mean()
    {
        var net = new FrozenStateNet(seed: 3);
        net.Compile(new Adam(learningRate: 0.05f), Loss.MeanSquaredError);
        float before = net.Evaluate(Inputs, Labels).Loss;

        net.Fit(Inputs, Labels, epochs: 40, batchSize: 2, verbose: 0);

        Assert.True(net.Evaluate(Inputs, Labels).Loss < before);
        Assert.Equal(FrozenStateNet.InitialMovingMean, MovingMean(net));
    }

    [Fact]
    public void SaveWeights_writes_every_tensor_by_name_in_buffer_order_and_LoadWeights_restores_it()
    {
        using var folder = new TemporaryFolder();
        var saved = new FrozenStateNet(seed: 4);
        float[] movingMean = [3f, -4f];
        movingMean.CopyTo(saved.Parameters.Slice(5, 2));
        saved.SaveWeights(folder.File("w.safetensors"));

        byte[] file = File.ReadAllBytes(folder.File("w.safetensors"));
        SafeTensorsHeader header = SafeTensors.ReadHeader(file, "w");
        Assert.Equal(["normalization/gamma", "dense/kernel", "dense/bias", "normalization/moving_mean"],
            header.Tensors.OrderBy(t => t.Start).Select(t => t.Name));

        var loaded = new FrozenStateNet(seed: 5);
        loaded.LoadWeights(folder.File("w.safetensors"));
        Assert.Equal(saved.Parameters.ToArray(), loaded.Parameters.ToArray());
        Assert.Equal(movingMean, MovingMean(loaded));
    }

    [Fact]
    public void LoadWeights_finds_tensors_by_name_whatever_their_order_in_the_file()
    {
        // Keras order (a layer's weights together), not the buffer's.
        var source = new FrozenStateNet(seed: 6);
        new float[] { 7f, 8f }.CopyTo(source.Parameters.Slice(5, 2));
        using var stream = new MemoryStream();
        SafeTensors.WriteHeader(stream, [.. source.ParameterTensors.Select(t => (t.Name, t.Shape))], []);
        foreach (ParameterTensor t in source.ParameterTensors) SafeTensors.WriteFloats(stream, source.Weights.Slice(t.Offset, t.Length));

        var net = new FrozenStateNet(seed: 7);
        net.LoadWeights(stream.ToArray());
        Assert.Equal(source.Parameters.ToArray(), net.Parameters.ToArray());
    }

    [Fact]
    public void Save_keeps_the_moving_mean_and_optimizer_state_for_trainable_tensors_only()
    {
        using var folder = new TemporaryFolder();
        var saved = new FrozenStateNet(seed: 8);
        new float[] { -1f, 2f }.CopyTo(saved.Parameters.Slice(5, 2));
        var adam = new Adam(learningRate: 0.05f);
        saved.Compile(adam, Loss.MeanSquaredError);
        for (int step = 0; step < 3; step++) saved.TrainOnBatch(Inputs, Labels);
        saved.Save(folder.File("model.safetensors"));

        SafeTensorsHeader header = SafeTensors.ReadHeader(File.ReadAllBytes(folder.File("model.safetensors")), "model");
        string[] names = [.. header.Tensors.Select(t => t.Name)];
        Assert.Equal(4 + 2 * 3, names.Length);
        Assert.Contains("normalization/moving_mean", names);
        Assert.Contains("optimizer/m/normalization/gamma", names);
        Assert.DoesNotContain("optimizer/m/normalization/moving_mean", names);
        Assert.DoesNotContain("optimizer/v/normalization/moving_mean", names);

        var loaded = new FrozenStateNet(seed: 9);
        loaded.Load(folder.File("model.safetensors"));
        Assert.Equal(saved.Parameters.ToArray(), loaded.Parameters.ToArray());
        Assert.Equal(3, loaded.Optimizer.Iterations);
        for (int i = 0; i < adam.StateSlots.Count; i++)
            Assert.Equal(adam.StateSlots[i].Values, loaded.Optimizer.StateSlots[i].Values);

        // Training goes on exactly as it would have.
        saved.TrainOnBatch(Inputs, Labels);
        loaded.TrainOnBatch(Inputs, Labels);
        Assert.Equal(saved.Parameters.ToArray(), loaded.Parameters.ToArray());
    }

    [Fact]
    public void A_TensorFlow_js_manifest_listing_trainable_weights_first_loads_by_name()
    {
        // TF.js writes a model's trainable weights, then its non-trainable ones, under its own layer names.
        using var folder = new TemporaryFolder();
        var source = new FrozenStateNet(seed: 10);
        new float[] { 0.75f, -0.125f }.CopyTo(source.Parameters.Slice(5, 2));
        (string Tfjs, string Ours)[] order =
        [
            ("normalization_N1/gamma", "normalization/gamma"),
            ("dense_Dense1/kernel", "dense/kernel"),
            ("dense_Dense1/bias", "dense/bias"),
            ("normalization_N1/moving_mean", "normalization/moving_mean"),
        ];
        using (var bin = File.Create(folder.File("group1-shard1of1.bin")))
            foreach (var (_, ours) in order)
            {
                ParameterTensor t = source.ParameterTensors.Single(p => p.Name == ours);
                SafeTensors.WriteFloats(bin, source.Weights.Slice(t.Offset, t.Length));
            }
        var manifest = new
        {
            weightsManifest = new[]
            {
                new
                {
                    paths = new[] { "group1-shard1of1.bin" },
                    weights = order.Select(w => new { name = w.Tfjs, shape = source.ParameterTensors.Single(p => p.Name == w.Ours).Shape, dtype = "float32" }),
                },
            },
        };
        File.WriteAllText(folder.File("model.json"), JsonSerializer.Serialize(manifest));

        var net = new FrozenStateNet(seed: 11);
        net.LoadWeights(folder.File("model.json"));
        Assert.Equal(source.Parameters.ToArray(), net.Parameters.ToArray());
    }

    [Fact]
    public void A_predictor_reads_the_non_trainable_part_in_place()
    {
        var net = new FrozenStateNet(seed: 12);
        new float[] { 1.5f, -2.5f }.CopyTo(net.Parameters.Slice(5, 2));
        float[] expected = net.Predict(Inputs);
        ReadOnlySpan<float> p = net.Weights;
        float first = p[4] + (Inputs[0] - p[5]) * p[0] * p[2] + (Inputs[1] - p[6]) * p[1] * p[3];
        Assert.Equal(first, expected[0], 5);

        using Predictor predictor = net.CreatePredictor(maxConcurrency: 2);
        Assert.Equal(expected, predictor.Predict(Inputs));
        Assert.Equal(expected[..1], predictor.Predict(Inputs.AsSpan(0, 2)));
    }

    [Fact]
    public void Baked_weights_saved_in_buffer_order_map_in_place()
    {
        using var folder = new TemporaryFolder();
        var source = new FrozenStateNet(seed: 13);
        new float[] { 9f, 10f }.CopyTo(source.Parameters.Slice(5, 2));
        source.SaveWeights(folder.File("w.safetensors"));
        byte[] bytes = File.ReadAllBytes(folder.File("w.safetensors"));
        // Static data never moves; a pinned array stands in for it.
        byte[] pinned = GC.AllocateArray<byte>(bytes.Length, pinned: true);
        bytes.CopyTo(pinned, 0);

        var baked = FrozenStateNet.Baked(pinned);
        Assert.True(baked.WeightsAreMapped);
        Assert.Equal(source.Parameters.ToArray(), baked.Weights.ToArray());
        GC.KeepAlive(pinned);
    }

    [Fact]
    public void A_trainable_tensor_after_a_non_trainable_one_is_refused()
    {
        var net = new FrozenStateNet(
        [
            new("normalization/gamma", 0, [2]),
            new("normalization/moving_mean", 2, [2], trainable: false),
            new("dense/kernel", 4, [2, 1]),
            new("dense/bias", 6, [1]),
        ]);

        var e = Assert.Throws<InvalidOperationException>(() => net.Compile(new Sgd(), Loss.MeanSquaredError));
        Assert.Equal("FrozenStateNet: the parameter tensors do not tile the parameter buffer: trainable 'dense/kernel' lies after non-trainable 'normalization/moving_mean'; trainable tensors come first, so that optimizers see one contiguous span.", e.Message);
    }

    [Fact]
    public void A_table_with_a_gap_is_refused()
    {
        var net = new FrozenStateNet(
        [
            new("normalization/gamma", 0, [2]),
            new("dense/kernel", 3, [2, 1]),
            new("dense/bias", 5, [1]),
            new("normalization/moving_mean", 6, [1], trainable: false),
        ]);

        var e = Assert.Throws<InvalidOperationException>(() => net.TrainableParameterCount);
        Assert.Contains("nothing covers [2, 3) before 'dense/kernel'", e.Message);
    }
}
