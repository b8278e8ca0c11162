using System.Runtime.Intrinsics;
using Unroll.Kernels;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>The vector kernels and the scalar fallback compute the same network.</summary>
public class ScalarPathTests
{
    public static TheoryData<string> Networks() => new("wide", "long", "pool");

    [SkippableTheory]
    [MemberData(nameof(Networks))]
    public void Vector_and_scalar_paths_agree_forward_and_backward(string name)
    {
        // Without Vector256 the generated kernels take the scalar path both times: nothing would be compared.
        Skip.IfNot(Vector256.IsHardwareAccelerated, "Vector256 is not hardware-accelerated here, so there is no vector path to compare");
        Model net = name switch { "wide" => new WideNet(seed: 3), "long" => new LongNet(seed: 3), _ => new PoolVectorNet(seed: 3) };
        net.Compile(new Sgd(), Loss.SparseCategoricalCrossEntropy);
        var random = new SeededRandom(5);
        float[] x = GradientCheckTests.RandomArray(random, 7 * net.InputSize, 1);
        float[] y = Enumerable.Range(0, 7).Select(i => (float)(i % 2)).ToArray();

        float vectorLoss = net.ComputeGradients(x, y);
        float[] vectorGradients = net.Gradients.ToArray();
        float[] vectorOutputs = net.Predict(x);
        float scalarLoss;
        float[] scalarGradients, scalarOutputs;
        net.KernelWidth = KernelWidth.Scalar;
        scalarLoss = net.ComputeGradients(x, y);
        scalarGradients = net.Gradients.ToArray();
        scalarOutputs = net.Predict(x);

        Assert.Equal(vectorLoss, scalarLoss, 1e-5f);
        for (int i = 0; i < vectorOutputs.Length; i++) Assert.Equal(vectorOutputs[i], scalarOutputs[i], 1e-5f);
        for (int i = 0; i < vectorGradients.Length; i++)
            Assert.True(Math.Abs(vectorGradients[i] - scalarGradients[i]) <= 1e-5f + 1e-4f * Math.Abs(scalarGradients[i]), $"gradient {i}: {vectorGradients[i]} vs {scalarGradients[i]}");
        Assert.Contains(vectorGradients, g => g != 0);
    }
}
