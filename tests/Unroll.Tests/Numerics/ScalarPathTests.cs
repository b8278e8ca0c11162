using System.Runtime.Intrinsics;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>Every vector width's kernels and the scalar fallback compute the same network.</summary>
public class ScalarPathTests
{
    public static TheoryData<string, KernelWidth> Networks()
    {
        var data = new TheoryData<string, KernelWidth>();
        foreach (string name in new[] { "wide", "long", "pool", "pima", "lstm", "lstm32" })
            foreach (KernelWidth width in new[] { KernelWidth.Widest, KernelWidth.Vector256, KernelWidth.Vector128 })
                data.Add(name, width);
        return data;
    }

    private static Model Create(string name) => name switch
    {
        "wide" => new WideNet(seed: 3),
        "long" => new LongNet(seed: 3),
        "pool" => new PoolVectorNet(seed: 3),
        "pima" => new PimaNet(seed: 3),
        "lstm32" => new LstmBatchedNet(seed: 3),
        _ => new LstmVectorNet(seed: 3),
    };

    /// <summary>Skips when <paramref name="width"/> would run no vector kernel on this CPU (nothing would be compared).</summary>
    public static void SkipUnlessAccelerated(KernelWidth width)
    {
        if (width == KernelWidth.Vector128)
            Skip.IfNot(Vector128.IsHardwareAccelerated, "Vector128 is not hardware-accelerated here, so there is no Vector128 path to compare");
        else if (width == KernelWidth.Vector256)
            Skip.IfNot(Vector512.IsHardwareAccelerated && Vector256.IsHardwareAccelerated, "Vector512 is not hardware-accelerated here, so Vector256 is the widest path (compared as Widest)");
        else
            Skip.IfNot(Vector256.IsHardwareAccelerated, "Vector256 is not hardware-accelerated here, so there is no widest vector path to compare");
    }

    [SkippableTheory]
    [MemberData(nameof(Networks))]
    public void Vector_and_scalar_paths_agree_forward_and_backward(string name, KernelWidth width)
    {
        SkipUnlessAccelerated(width);
        Model net = Create(name);
        bool binary = net.OutputSize == 1;
        net.Compile(new Sgd(), binary ? Loss.BinaryCrossEntropy : Loss.SparseCategoricalCrossEntropy);
        var random = new SeededRandom(5);
        float[] x = GradientCheckTests.RandomArray(random, 7 * net.InputSize, 1);
        float[] y = Enumerable.Range(0, 7).Select(i => (float)(i % 2)).ToArray();

        WidthAgreement.AssertMatchesScalar(net, x, y, width, name);
    }

    [SkippableFact]
    public void Vector128_is_a_path_of_its_own()
    {
        // The products keep one reduction order per output at every width, but the output layer's dot
        // product of 16 does not: Vector256 sums two 8-lane accumulators, Vector128 two 4-lane ones
        // over alternate quarters, the scalar kernel in order. Some sample's bits differ, or
        // Vector128 silently ran another path.
        Skip.IfNot(Vector256.IsHardwareAccelerated && Vector128.IsHardwareAccelerated, "needs both widths accelerated");
        var net = new LstmVectorNet(seed: 3);
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(5), 300 * net.InputSize, 1);
        float[] widest = net.Predict(x);
        net.KernelWidth = KernelWidth.Vector128;
        float[] narrow = net.Predict(x);
        net.KernelWidth = KernelWidth.Scalar;
        float[] scalar = net.Predict(x);
        Assert.False(narrow.AsSpan().SequenceEqual(widest), "Vector128 gave the Vector256 bits");
        Assert.False(narrow.AsSpan().SequenceEqual(scalar), "Vector128 gave the scalar bits");
    }

    [SkippableFact]
    public void Vector512_is_a_path_of_its_own()
    {
        // The output dot product of 16 is one Vector512 summed once on AVX-512, two Vector256
        // accumulators summed together with AVX2: some sample's bits differ, or Widest silently ran
        // the Vector256 body (or Vector256 the Vector512 one).
        Skip.IfNot(Vector512.IsHardwareAccelerated, "Vector512 is not hardware-accelerated here, so there is no Vector512 path");
        var net = new LstmVectorNet(seed: 3);
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(5), 300 * net.InputSize, 1);
        float[] widest = net.Predict(x);
        net.KernelWidth = KernelWidth.Vector256;
        float[] avx2 = net.Predict(x);
        net.KernelWidth = KernelWidth.Scalar;
        float[] scalar = net.Predict(x);
        Assert.False(widest.AsSpan().SequenceEqual(avx2), "Widest gave the Vector256 bits");
        Assert.False(widest.AsSpan().SequenceEqual(scalar), "Widest gave the scalar bits");
        for (int i = 0; i < widest.Length; i++) Assert.Equal(scalar[i], widest[i], 1e-5f);
    }
}
