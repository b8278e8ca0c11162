using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.Emitting;

/// <summary>The LSTM recurrence is generated per layer with its sizes as constants, one method per vector width.</summary>
public sealed class LstmStepSourceTests
{
    private const string StreamSource = """
        using Unroll;

        [Sequential, Input(1, 32, BatchSize = 1), Lstm(64, Stateful = true), Dense(1)]
        public partial class StreamNet;
        """;

    private const string SequenceSource = """
        using Unroll;

        [Sequential, Input(20, 32), Lstm(64, Activation = Activation.ReLU, RecurrentActivation = Activation.HardSigmoid), Dense(1)]
        public partial class SequenceNet;
        """;

    private static int Count(string text, string part) => text.Split(part).Length - 1;

    [Fact]
    public void One_step_fuses_the_projection_into_a_recurrence_per_width()
    {
        string text = GeneratorHarness.Run(StreamSource).AssertCompilesCleanly().Source.Text;

        Assert.DoesNotContain("__LstmProject(", text); // x·W + b runs inside the recurrence
        foreach (string width in new[] { "512", "256", "128", "Scalar" })
            Assert.Equal(1, Count(text, $"private static void __LstmRecurrence{width}("));
        Assert.Contains("if (global::System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated && global::Unroll.Kernels.KernelSettings.MaxWidth >= 512) __LstmRecurrence512(x, w, b, u, gates, cells, states, output, stateH, stateC, batch);", text);
        // The sizes are constants: 32 inputs, then 64 units, over rows of 256 gate columns.
        Assert.Contains("for (global::System.UIntPtr k = 0; k < 32; k++)", text);
        Assert.Contains("for (global::System.UIntPtr k = 0; k < 64; k++)", text);
        Assert.Contains("ref float m = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref ur, k * 256 + j);", text);
        // Activations on the accumulators, no call per gate into the runtime's span kernels.
        Assert.Contains("i0_0 = global::Unroll.Kernels.GateMath.Sigmoid(i0_0);", text);
        Assert.Contains("global::Unroll.Kernels.GateMath.Tanh(c0_0)", text);
        Assert.Equal(4, Count(text, "MethodImplOptions.AggressiveOptimization)]"));
    }

    [Fact]
    public void Many_steps_keep_the_projection_product_and_their_activations()
    {
        string text = GeneratorHarness.Run(SequenceSource).AssertCompilesCleanly().Source.Text;

        Assert.Contains("__LstmProject(", text);
        Assert.Contains("__LstmRecurrence(", text);
        Assert.Contains("for (int t = 0; t < 20; t++)", text);
        Assert.Contains("bool carried = t > 0;", text); // no state before the first step
        Assert.Contains("global::Unroll.Kernels.GateMath.HardSigmoid(i0_0, 1f / 6f)", text);
        Assert.Contains("global::Unroll.Kernels.GateMath.Relu(g0_0)", text);
        Assert.DoesNotContain("GateMath.Sigmoid", text);
    }
}
