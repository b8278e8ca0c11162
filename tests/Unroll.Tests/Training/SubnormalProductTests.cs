using CsCheck;
using Unroll.Kernels;

namespace Unroll.Tests.Training;

/// <summary>
/// Adam, RMSprop, Adagrad and Adadelta zero an operand whose product would be subnormal before the multiply
/// (a tiny gradient's square; Adam's α·m while a stopped gradient's moment decays): computing such
/// a product costs a microcode assist on Intel CPUs. The result must be what flush-to-zero makes of
/// those products, and the plain formula's bits wherever no product is subnormal.
/// </summary>
public class SubnormalProductTests
{
    private static readonly Gen<float> Factors = Gen.Double[-12, 12].Select(e => (float)Math.Pow(10, e));

    [Fact]
    public void The_product_floor_is_the_first_magnitude_whose_product_is_normal()
    {
        Gen.Select(Factors, Gen.Int[-3, 3], Gen.Bool).Sample((factor, offset, negative) =>
        {
            int floor = Subnormals.ProductFloor(factor);
            float x = BitConverter.Int32BitsToSingle(floor + offset) * (negative ? -1 : 1);
            Assert.Equal(offset >= 0, float.IsNormal(x * factor));
        });
    }

    [Fact]
    public void The_square_product_floor_is_the_first_magnitude_whose_square_product_is_normal()
    {
        Gen.Select(Factors, Gen.Int[-3, 3], Gen.Bool).Sample((factor, offset, negative) =>
        {
            int floor = Subnormals.SquareProductFloor(factor);
            float x = BitConverter.Int32BitsToSingle(floor + offset) * (negative ? -1 : 1);
            Assert.Equal(offset >= 0, float.IsNormal(factor * x * x));
        });
    }

    [Fact]
    public void A_zero_factor_zeroes_nothing()
    {
        Assert.Equal(0, Subnormals.ProductFloor(0f));
        Assert.Equal(1e-40f, Subnormals.ZeroBelow(1e-40f, Subnormals.ProductFloor(0f)));
    }

    // Magnitudes from every regime: subnormal, tiny (their square is subnormal), small and ordinary.
    private static readonly Gen<float> Values = Gen.Select(Gen.Double[-44, 1], Gen.Bool, Gen.Int[0, 9])
        .Select((e, negative, zero) => zero == 0 ? 0f : (float)Math.Pow(10, e) * (negative ? -1 : 1));

    [Theory]
    [InlineData("adam")]
    [InlineData("rmsprop")]
    [InlineData("adagrad")]
    [InlineData("adadelta")]
    public void The_update_is_the_flush_to_zero_result_of_the_plain_formula(string name)
    {
        // 53 elements: vector lanes and a scalar tail.
        Gen.Select(Values.Array[53], Values.Array[53], Values.Array[53], Values.Array[53], Gen.Int[1, 3], Gen.Int[1, 5000]).Sample(
            (w, g, first, second, steps, firstStep) =>
            {
                Optimizer optimizer = name switch
                {
                    "adam" => new Adam(learningRate: 0.01f),
                    "rmsprop" => new RmsProp(learningRate: 0.01f),
                    "adagrad" => new Adagrad(learningRate: 0.01f),
                    _ => new Adadelta(learningRate: 0.5f),
                };
                optimizer.Build(53);
                float[][] state = optimizer.StateSlots.Select(slot => slot.Values).ToArray();
                first.CopyTo(state[0]);
                // Every slot but Adam's m is an average or sum of squares.
                for (int i = 0; i < 53; i++)
                {
                    if (name != "adam") state[0][i] = Math.Abs(first[i]);
                    if (state.Length > 1) state[1][i] = Math.Abs(second[i]);
                }
                optimizer.RestoreIterations(firstStep - 1);
                float[] expectedW = (float[])w.Clone(), actualW = (float[])w.Clone();
                float[][] expected = state.Select(values => (float[])values.Clone()).ToArray();
                for (int step = firstStep; step < firstStep + steps; step++)
                {
                    ReferenceStep(optimizer, expectedW, g, expected, step);
                    optimizer.Apply(actualW, g);
                }
                for (int slot = 0; slot < state.Length; slot++) AssertBits(expected[slot], state[slot], optimizer.StateSlots[slot].Name);
                AssertBits(expectedW, actualW, "w");
            });
    }

    // Keras 3's update as the runtime writes it (Adam's moments with one fused multiply-add each, the
    // decaying state flushed), with every product that would be subnormal flushed to zero.
    private static void ReferenceStep(Optimizer optimizer, float[] w, float[] g, float[][] state, long step)
    {
        for (int i = 0; i < w.Length; i++)
        {
            switch (optimizer)
            {
                case Adam adam:
                {
                    float b1 = adam.Beta1, b2 = adam.Beta2;
                    float alpha = (float)(adam.LearningRate * Math.Sqrt(1 - Math.Pow(b2, step)) / (1 - Math.Pow(b1, step)));
                    float[] m = state[0], v = state[1];
                    m[i] = Subnormals.Flush(ScalarMath.MultiplyAdd(b1, m[i], (1 - b1) * g[i]));
                    v[i] = Subnormals.Flush(ScalarMath.MultiplyAdd(b2, v[i], FlushToZero(FlushToZero((1 - b2) * g[i]) * g[i])));
                    w[i] -= FlushToZero(alpha * m[i]) / (MathF.Sqrt(v[i]) + adam.Epsilon);
                    break;
                }
                case RmsProp rms:
                {
                    float[] v = state[0];
                    v[i] = Subnormals.Flush(rms.Rho * v[i] + FlushToZero(FlushToZero((1 - rms.Rho) * g[i]) * g[i]));
                    w[i] -= rms.LearningRate * g[i] / MathF.Sqrt(v[i] + rms.Epsilon);
                    break;
                }
                case Adagrad adagrad:
                {
                    float[] a = state[0];
                    a[i] += FlushToZero(g[i] * g[i]);
                    w[i] -= adagrad.LearningRate * g[i] / MathF.Sqrt(a[i] + adagrad.Epsilon);
                    break;
                }
                case Adadelta adadelta:
                {
                    float rho = adadelta.Rho, eps = adadelta.Epsilon;
                    float[] eg = state[0], ed = state[1];
                    eg[i] = Subnormals.Flush(rho * eg[i] + FlushToZero(FlushToZero((1 - rho) * g[i]) * g[i]));
                    float delta = MathF.Sqrt(ed[i] + eps) / MathF.Sqrt(eg[i] + eps) * g[i];
                    ed[i] = Subnormals.Flush(rho * ed[i] + FlushToZero(FlushToZero((1 - rho) * delta) * delta));
                    w[i] -= adadelta.LearningRate * delta;
                    break;
                }
            }
        }
    }

    private static float FlushToZero(float x) => float.IsSubnormal(x) ? 0f : x;

    private static void AssertBits(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"{what}[{i}]: expected {expected[i]:G9}, found {actual[i]:G9}");
    }
}
