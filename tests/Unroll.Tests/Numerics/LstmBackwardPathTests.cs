using System.Runtime.Intrinsics;
using Unroll.Kernels;

namespace Unroll.Tests.Numerics;

/// <summary>
/// LstmKernels.Backward's batched AVX-512 pass (every sequence at each step, units a multiple of 16)
/// against its per-sequence scalar pass, on the cases no generated test network reaches: a
/// stateful layer (starting state and cell from the previous batch) with 32 units, and all steps returned.
/// </summary>
public class LstmBackwardPathTests
{
    [SkippableTheory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Batched_pass_matches_the_scalar_one(bool stateful, bool returnSequences)
    {
        Skip.IfNot(Vector512.IsHardwareAccelerated, "the batched pass runs only where Vector512 is accelerated");
        const int batch = 7, steps = 5, features = 6, units = 32, width = 4 * units;
        var random = new SeededRandom(9);
        float[] Random(int length, float low, float high) => Enumerable.Range(0, length).Select(_ => low + (high - low) * (float)random.NextDouble()).ToArray();
        float[] input = Random(batch * steps * features, -1, 1), kernel = Random(features * width, -0.3f, 0.3f), recurrent = Random(units * width, -0.3f, 0.3f);
        float[] gates = Random(batch * steps * width, 0.05f, 0.95f), cells = Random(batch * steps * units, -1, 1), states = Random(batch * steps * units, -0.9f, 0.9f);
        float[] outputGradient = Random(batch * (returnSequences ? steps : 1) * units, -1, 1);
        float[] initialH = stateful ? Random(batch * units, -0.9f, 0.9f) : [], initialC = stateful ? Random(batch * units, -1, 1) : [];

        (float[] Kernel, float[] Recurrent, float[] Bias, float[] Input) Run(KernelWidth kernelWidth)
        {
            float[] kernelGradient = new float[kernel.Length], recurrentGradient = new float[recurrent.Length], biasGradient = new float[width];
            float[] inputGradient = new float[input.Length], scratch = new float[7 * units];
            using KernelSettings.Scope scope = KernelSettings.Use(kernelWidth);
            LstmKernels.Backward(input, kernel, recurrent, (float[])gates.Clone(), cells, states, outputGradient,
                kernelGradient, recurrentGradient, biasGradient, inputGradient, scratch, initialH, initialC,
                batch, steps, features, units, returnSequences);
            return (kernelGradient, recurrentGradient, biasGradient, inputGradient);
        }

        var widest = Run(KernelWidth.Widest);
        var scalar = Run(KernelWidth.Scalar);
        Assert.Contains(widest.Recurrent, g => g != 0);
        foreach (var (name, a, b) in new[] { ("kernel", widest.Kernel, scalar.Kernel), ("recurrent", widest.Recurrent, scalar.Recurrent),
                     ("bias", widest.Bias, scalar.Bias), ("input", widest.Input, scalar.Input) })
            for (int i = 0; i < a.Length; i++)
                Assert.True(Math.Abs(a[i] - b[i]) <= 1e-5f + 1e-4f * Math.Abs(b[i]), $"{name} gradient {i}: {a[i]} (batched) vs {b[i]} (scalar)");
    }
}
