using CsCheck;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>
/// PredictSample's unrolled one-sample kernels (ForwardSample) against the Forward kernels' one-row
/// code, which Predict runs for a batch of one: the same bits, at every kernel width, for random
/// inputs. The generator tests check which layers get the unrolled kernel; the reference interpreter
/// checks the values (GradientCheckTests).
/// </summary>
public class SingleSampleKernelTests
{
    public static TheoryData<string, KernelWidth> Cases()
    {
        var data = new TheoryData<string, KernelWidth>();
        foreach (string name in new[] { "pima", "oddsteps", "widerow", "hiddenrow", "mixed" })
            foreach (KernelWidth width in new[] { KernelWidth.Widest, KernelWidth.Vector256, KernelWidth.Vector128, KernelWidth.Scalar })
                data.Add(name, width);
        return data;
    }

    private static Model Create(string name) => name switch
    {
        "pima" => new PimaNet(seed: 21),
        "oddsteps" => new OddStepsSampleNet(seed: 22),
        "widerow" => new WideRowSampleNet(seed: 23),
        "hiddenrow" => new HiddenRowDotSampleNet(seed: 25),
        _ => new MixedNet(seed: 24),
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Unrolled_single_sample_gives_the_bits_of_a_batch_of_one(string name, KernelWidth width)
    {
        if (width != KernelWidth.Scalar) ScalarPathTests.SkipUnlessAccelerated(width);
        Model net = Create(name);
        // Every parameter random, biases included (they start at zero), so each term shows in the bits.
        var random = new Random(7);
        for (int i = 0; i < net.ParameterCount; i++) net.Parameters[i] = (float)(random.NextDouble() - 0.5);
        net.KernelWidth = width;
        var single = new float[net.OutputSize];
        var batchOfOne = new float[net.OutputSize];
        Gen.Float[-3f, 3f].Array[net.InputSize].Sample(x =>
        {
            net.Predict(x, single);
            net.Predict(x, batchOfOne, batchSize: 1);
            for (int j = 0; j < single.Length; j++)
                if (BitConverter.SingleToInt32Bits(single[j]) != BitConverter.SingleToInt32Bits(batchOfOne[j]))
                    throw new Xunit.Sdk.XunitException($"{name} at {width}, output {j}: single sample {single[j]:R}, batch of one {batchOfOne[j]:R}");
        }, iter: 200, threads: 1); // one network: one thread at a time
    }
}
