using System.Runtime.Intrinsics;
using Unroll.Kernels;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>
/// The generated LSTM recurrence: every vector width's body against the scalar twin (outputs, the
/// carried state, and the gradients from the gates and states it caches), the fused one-step form
/// against the multi-step one, and no allocation per streaming step.
/// </summary>
public class LstmStepTests
{
    public static TheoryData<string, KernelWidth> Cases()
    {
        var data = new TheoryData<string, KernelWidth>();
        foreach (string name in new[] { "remainder", "one-step", "stream", "vector" })
            foreach (KernelWidth width in new[] { KernelWidth.Widest, KernelWidth.Vector256, KernelWidth.Vector128 })
                data.Add(name, width);
        return data;
    }

    private static Model Create(string name) => name switch
    {
        "remainder" => new LstmRemainderNet(seed: 3),
        "one-step" => new LstmOneStepNet(seed: 3),
        "stream" => new LstmStreamNet(seed: 3),
        _ => new LstmVectorNet(seed: 3),
    };

    /// <summary>Skips a width whose body this CPU cannot run (it would run a narrower one: nothing new compared).</summary>
    private static void SkipUnlessAccelerated(KernelWidth width)
    {
        if (width == KernelWidth.Widest)
            Skip.IfNot(Vector512.IsHardwareAccelerated, "Vector512 is not hardware-accelerated here: Widest runs the Vector256 or Vector128 body, compared in its own case");
        else if (width == KernelWidth.Vector256)
            Skip.IfNot(Vector256.IsHardwareAccelerated, "Vector256 is not hardware-accelerated here");
        else
            Skip.IfNot(Vector128.IsHardwareAccelerated, "Vector128 is not hardware-accelerated here");
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Each_width_agrees_with_the_scalar_twin_forward_state_and_backward(string name, KernelWidth width)
    {
        SkipUnlessAccelerated(width);
        Model vector = Create(name), scalar = Create(name);
        vector.KernelWidth = width;
        scalar.KernelWidth = KernelWidth.Scalar;
        int batch = vector.FixedBatchSize ?? 7;
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(5), batch * vector.InputSize, 1);
        float[] y = Enumerable.Range(0, batch * vector.OutputSize).Select(i => (float)(i % 2)).ToArray();

        // Three calls in a row: a stateful network carries its state from one to the next.
        for (int call = 0; call < 3; call++)
            AssertClose(scalar.Predict(x), vector.Predict(x), 1e-5f, $"call {call}");
        vector.Compile(new Sgd(), Loss.MeanSquaredError);
        scalar.Compile(new Sgd(), Loss.MeanSquaredError);
        vector.ResetStates();
        scalar.ResetStates();
        vector.Predict(x); // a carried state for the gradient to start from
        scalar.Predict(x);
        Assert.Equal(scalar.ComputeGradients(x, y), vector.ComputeGradients(x, y), 1e-5f);
        float[] expected = scalar.Gradients.ToArray(), actual = vector.Gradients.ToArray();
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f + 1e-4f * Math.Abs(expected[i]), $"gradient {i}: {actual[i]} vs {expected[i]}");
        Assert.Contains(actual, g => g != 0);
    }

    [Theory]
    [InlineData(KernelWidth.Widest)]
    [InlineData(KernelWidth.Vector256)]
    [InlineData(KernelWidth.Vector128)]
    [InlineData(KernelWidth.Scalar)]
    public void Streaming_one_step_per_call_equals_the_whole_sequence(KernelWidth width)
    {
        var whole = new LstmFiveStepNet(seed: 9) { KernelWidth = width };
        var stream = new LstmSingleStreamNet(seed: 1) { KernelWidth = width };
        whole.Parameters.CopyTo(stream.Parameters);
        float[] x = GradientCheckTests.RandomArray(new SeededRandom(2), 2 * whole.InputSize, 1);
        for (int sequence = 0; sequence < 2; sequence++)
        {
            ReadOnlySpan<float> steps = x.AsSpan(sequence * whole.InputSize, whole.InputSize);
            float[] output = [0f];
            stream.ResetStates();
            for (int t = 0; t < 5; t++) stream.Predict(steps.Slice(t * 6, 6), output);
            AssertClose(whole.Predict(steps), output, 1e-5f, $"sequence {sequence}");
        }
    }

    [Fact]
    public void A_streaming_step_allocates_nothing()
    {
        var net = new LstmSingleStreamNet(seed: 1);
        var x = new float[net.InputSize];
        var y = new float[net.OutputSize];
        Assert.Equal(0, Allocations.OfOneCall(() => net.Predict(x, y)));
    }

    [Fact]
    public void Vector256_limits_the_kernels_to_256_bits()
        => Assert.Equal(256, KernelSettings.Bits(KernelWidth.Vector256));

    private static void AssertClose(float[] expected, float[] actual, float tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"{what} [{i}]: expected {expected[i]:G9}, got {actual[i]:G9}");
    }
}
