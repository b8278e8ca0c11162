using System.Runtime.Intrinsics;
using CsCheck;
using Unroll.Tests.Networks;
using Unroll.Tests.Numerics;

namespace Unroll.Tests.Concurrency;

/// <summary>
/// A trainable network's own batched Predict packs the weight panels its forward kernels would copy
/// per call once the same weights serve a second batched prediction, and never reads them after its
/// weights change (a training step, loading, a callback restoring them, a writable span handed out).
/// Every case runs beside a twin that never packs: the outputs must be the same bits.
/// </summary>
[Collection(SerialCollection.Name)]
public class ReusedWeightPanelTests
{
    private static (PackedStackNet Packing, PackedStackNet Copying) Twins()
    {
        PackedStackNet packing = new(seed: 3), copying = new(seed: 3) { PackWeightPanels = false };
        foreach (Model net in new Model[] { packing, copying }) net.Compile(new Adam(learningRate: 0.01f), Loss.MeanSquaredError);
        return (packing, copying);
    }

    private static float[] Inputs(Model net, int batch, int seed) => GradientCheckTests.RandomArray(new SeededRandom((ulong)seed), batch * net.InputSize, 1.5);

    private static float[] Labels(Model net, int batch, int seed) => GradientCheckTests.RandomArray(new SeededRandom((ulong)seed), batch * net.OutputSize, 1);

    [Fact]
    public void The_second_batched_prediction_over_the_same_weights_packs_and_keeps_the_bits()
    {
        var (packing, copying) = Twins();
        float[] x = Inputs(packing, 66, 5), labels = Labels(packing, 66, 6), y = new float[66 * packing.OutputSize];
        packing.TrainOnBatch(x, labels); // weights off their initial values
        copying.TrainOnBatch(x, labels);

        Assert.Equal(copying.Predict(x), packing.Predict(x));
        Assert.Null(packing.PackedPanelsInUse); // one prediction per weights: the per-call copies are as cheap
        Assert.Equal(copying.Predict(x), packing.Predict(x));
        PackedPanels packed = packing.PackedPanelsInUse ?? throw new InvalidOperationException("the second prediction packed nothing");
        Assert.Equal(packing.KernelWidth, packed.Width);
        Assert.Null(copying.PackedPanelsInUse);
        Assert.Equal(0, Allocations.OfOneCall(() => packing.Predict(x, y)));
        Assert.Same(packed, packing.PackedPanelsInUse);
    }

    [Fact]
    public void An_evaluation_over_several_batches_packs_at_once_and_keeps_the_bits()
    {
        var (packing, copying) = Twins();
        float[] x = Inputs(packing, 66, 5), labels = Labels(packing, 66, 6);
        Evaluation one = packing.Evaluate(x, labels, batchSize: 66); // one batch: nothing to share
        Assert.Null(packing.PackedPanelsInUse);
        Assert.Equal(copying.Evaluate(x, labels, batchSize: 66).Loss, one.Loss);
        packing.TrainOnBatch(x, labels);
        copying.TrainOnBatch(x, labels);
        Assert.Equal(copying.Evaluate(x, labels, batchSize: 16).Loss, packing.Evaluate(x, labels, batchSize: 16).Loss);
        Assert.NotNull(packing.PackedPanelsInUse); // five batches over the same weights: packed before the first
        Assert.Equal(copying.Predict(x, batchSize: 8), packing.Predict(x, batchSize: 8));
    }

    [Fact]
    public void A_training_step_makes_the_panels_stale_and_a_repack_reuses_their_memory()
    {
        var (packing, _) = Twins();
        float[] x = Inputs(packing, 66, 5), labels = Labels(packing, 66, 6), y = new float[66 * packing.OutputSize];
        packing.Predict(x, y);
        packing.Predict(x, y);
        AlignedBuffer buffer = packing.PackedPanelsInUse!.Buffer;

        packing.TrainOnBatch(x, labels);
        Assert.Null(packing.PackedPanelsInUse);
        packing.Predict(x, y);
        packing.Predict(x, y);
        Assert.Same(buffer, packing.PackedPanelsInUse!.Buffer);
        // Training and predicting in turn: no allocation, however often the weights change.
        Assert.Equal(0, Allocations.OfOneCall(() =>
        {
            packing.TrainOnBatch(x, labels);
            packing.Predict(x, y);
            packing.Predict(x, y);
        }));
    }

    [Fact]
    public void Weights_handed_out_as_a_writable_span_stop_the_packing()
    {
        var (packing, copying) = Twins();
        float[] x = Inputs(packing, 66, 5);
        packing.Predict(x);
        packing.Predict(x);
        Assert.NotNull(packing.PackedPanelsInUse);

        Span<float> weights = packing.Parameters;
        Assert.Null(packing.PackedPanelsInUse);
        packing.Predict(x);
        weights[7] += 0.5f; // after a prediction: this network cannot see the write
        copying.Parameters[7] += 0.5f;
        Assert.Equal(copying.Predict(x), packing.Predict(x));
        Assert.Equal(copying.Predict(x), packing.Predict(x));
        Assert.Null(packing.PackedPanelsInUse);
    }

    [Fact]
    public void Turning_packing_off_releases_the_panels_of_mapped_weights()
    {
        BakedBroadNet mapped = BakedBroadNet.CreateBaked();
        float[] x = Inputs(mapped, 66, 9);
        float[] expected = mapped.Predict(x);
        Assert.NotNull(mapped.PackedPanelsInUse); // mapped weights pack on the first batch
        mapped.PackWeightPanels = false;
        Assert.Null(mapped.PackedPanelsInUse);
        Assert.Equal(expected, mapped.Predict(x));
        Assert.Equal(expected, mapped.Predict(x));
        Assert.Null(mapped.PackedPanelsInUse);
        mapped.PackWeightPanels = true;
        Assert.Equal(expected, mapped.Predict(x));
        Assert.NotNull(mapped.PackedPanelsInUse);
    }

    // What a program may do to a network between predictions; each changes the weights or how they are read.
    private enum Step { Predict, PredictAgain, Evaluate, TrainOnBatch, FitRestoringBest, FitValidating, PredictInCallback, LoadWeights, Width, Threads }

    [Fact]
    public void Any_sequence_of_training_loading_and_predicting_gives_the_bits_of_a_network_that_never_packs()
    {
        KernelWidth[] widths = new[] { KernelWidth.Widest, KernelWidth.Vector256, KernelWidth.Vector128, KernelWidth.Scalar }
            .Where(w => w switch
            {
                KernelWidth.Vector256 => Vector256.IsHardwareAccelerated,
                KernelWidth.Vector128 => Vector128.IsHardwareAccelerated,
                _ => true,
            }).ToArray();
        byte[] otherWeights = WeightBytes(new PackedStackNet(seed: 17));
        int packedReads = 0;
        Gen.Select(Gen.Enum<Step>().Array[3, 12], Gen.Int[0, 1000]).Sample((steps, seed) =>
        {
            var (packing, copying) = Twins();
            var random = new SeededRandom((ulong)seed);
            int[] batches = [7, 66, 200];
            foreach (Step step in steps)
            {
                int batch = batches[random.NextInt(batches.Length)];
                float[] x = Inputs(packing, batch, random.NextInt(1000));
                float[] labels = Labels(packing, batch, random.NextInt(1000));
                switch (step)
                {
                    case Step.Predict:
                    case Step.PredictAgain:
                        for (int k = 0; k < (step == Step.Predict ? 1 : 2); k++)
                            if (!copying.Predict(x).AsSpan().SequenceEqual(packing.Predict(x))) return false;
                        if (packing.PackedPanelsInUse is not null) packedReads++;
                        break;
                    case Step.Evaluate:
                        if (packing.Evaluate(x, labels, batchSize: 16).Loss != copying.Evaluate(x, labels, batchSize: 16).Loss) return false;
                        if (packing.PackedPanelsInUse is not null) packedReads++;
                        break;
                    case Step.FitValidating:
                        // Validation in batches each epoch packs; the next epoch's steps must not read those panels.
                        var histories = new Model[] { packing, copying }.Select(net =>
                            net.Fit(x, labels, epochs: 3, batchSize: 16, verbose: 0, seed: 3, validationData: (x, labels))).ToArray();
                        if (!histories[0]["val_loss"].SequenceEqual(histories[1]["val_loss"])) return false;
                        break;
                    case Step.TrainOnBatch:
                        if (packing.TrainOnBatch(x, labels) != copying.TrainOnBatch(x, labels)) return false;
                        break;
                    case Step.FitRestoringBest:
                        foreach (Model net in new Model[] { packing, copying })
                            net.Fit(x, labels, epochs: 3, batchSize: 16, verbose: 0, seed: 1,
                                callbacks: [new EarlyStopping(monitor: "loss", patience: 5, restoreBestWeights: true)]);
                        break;
                    case Step.PredictInCallback:
                        // Predictions between Fit's epochs, twice each (so they pack), then further steps: stale panels would show.
                        var outputs = new List<float[]>[] { [], [] };
                        Model[] nets = [packing, copying];
                        for (int n = 0; n < 2; n++)
                        {
                            Model net = nets[n];
                            List<float[]> seen = outputs[n];
                            net.Fit(x, labels, epochs: 3, batchSize: 16, verbose: 0, seed: 2, callbacks:
                            [
                                new LambdaCallback(onEpochEnd: (_, _) => { seen.Add(net.Predict(x)); seen.Add(net.Predict(x)); }),
                            ]);
                        }
                        if (!outputs[0].Zip(outputs[1]).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second))) return false;
                        break;
                    case Step.LoadWeights:
                        packing.LoadWeights(otherWeights);
                        copying.LoadWeights(otherWeights);
                        break;
                    case Step.Width:
                        packing.KernelWidth = copying.KernelWidth = widths[random.NextInt(widths.Length)];
                        break;
                    case Step.Threads:
                        packing.Threads = copying.Threads = 1 + random.NextInt(2);
                        break;
                }
            }
            return packing.Weights.SequenceEqual(copying.Weights);
        }, iter: 60);
        Assert.True(packedReads > 0, "no sequence ever read packed panels: the property tested nothing");
    }

    private static byte[] WeightBytes(Model net)
    {
        string path = Path.Combine(Path.GetTempPath(), $"unroll-reused-panels-{Guid.NewGuid():N}.safetensors");
        try
        {
            net.SaveWeights(path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
