using CsCheck;
using Unroll.Kernels;

namespace Unroll.Tests.Training;

/// <summary>
/// Adam zeroes an operand whose product would be subnormal before the multiply (a tiny gradient's
/// square, α·m while a stopped gradient's moment decays): computing such a product costs a
/// microcode assist on Intel CPUs. The result must be what flush-to-zero makes of those products,
/// and the plain formula's bits wherever no product is subnormal.
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

    [Fact]
    public void Adam_gives_the_flush_to_zero_result_of_the_plain_formula()
    {
        // 53 elements: vector lanes and a scalar tail.
        Gen.Select(Values.Array[53], Values.Array[53], Values.Array[53], Values.Array[53], Gen.Int[1, 3], Gen.Int[1, 5000]).Sample(
            (w, g, m, v, steps, firstStep) =>
            {
                var adam = new Adam(learningRate: 0.01f);
                adam.Build(53);
                float[] moments = adam.StateSlots[0].Values, squares = adam.StateSlots[1].Values;
                m.CopyTo(moments);
                for (int i = 0; i < 53; i++) squares[i] = Math.Abs(v[i]);
                adam.RestoreIterations(firstStep - 1);
                float[] expectedW = (float[])w.Clone(), expectedM = (float[])moments.Clone(), expectedV = (float[])squares.Clone();
                float[] actualW = (float[])w.Clone();
                for (int step = firstStep; step < firstStep + steps; step++)
                {
                    ReferenceStep(adam, expectedW, g, expectedM, expectedV, step);
                    adam.Apply(actualW, g);
                }
                AssertBits(expectedM, moments, "m");
                AssertBits(expectedV, squares, "v");
                AssertBits(expectedW, actualW, "w");
            });
    }

    // Keras 3's Adam as the runtime writes it (one fused multiply-add per moment, the state flushed),
    // with every product that would be subnormal flushed to zero.
    private static void ReferenceStep(Adam adam, float[] w, float[] g, float[] m, float[] v, long step)
    {
        float b1 = adam.Beta1, b2 = adam.Beta2, eps = adam.Epsilon;
        float alpha = (float)(adam.LearningRate * Math.Sqrt(1 - Math.Pow(b2, step)) / (1 - Math.Pow(b1, step)));
        for (int i = 0; i < w.Length; i++)
        {
            m[i] = Subnormals.Flush(ScalarMath.MultiplyAdd(b1, m[i], (1 - b1) * g[i]));
            v[i] = Subnormals.Flush(ScalarMath.MultiplyAdd(b2, v[i], FlushToZero(FlushToZero((1 - b2) * g[i]) * g[i])));
            w[i] -= FlushToZero(alpha * m[i]) / (MathF.Sqrt(v[i]) + eps);
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
