using System.Runtime.Intrinsics;
using Unroll.Kernels;

namespace Unroll.Tests.Numerics;

/// <summary>The register-level gate activations of the generated LSTM step against float64, at every width.</summary>
public class GateMathTests
{
    // -30 … 30 in steps of 1/64, plus values past the clamp of Exp.
    private static readonly float[] Inputs = Enumerable.Range(-1920, 3841).Select(i => i / 64f).Concat([-200f, -90f, -88f, 88f, 89f, 200f, 1e-6f, -1e-6f]).ToArray();

    private static float[] Apply(Func<Vector512<float>, Vector512<float>> wide, Func<Vector256<float>, Vector256<float>> mid, Func<Vector128<float>, Vector128<float>> narrow, int bits)
    {
        var result = new float[Inputs.Length];
        for (int i = 0; i < Inputs.Length; i++)
        {
            float x = Inputs[i];
            result[i] = bits switch
            {
                512 => wide(Vector512.Create(x)).ToScalar(),
                256 => mid(Vector256.Create(x)).ToScalar(),
                _ => narrow(Vector128.Create(x)).ToScalar(),
            };
        }
        return result;
    }

    [Theory]
    [InlineData(512)]
    [InlineData(256)]
    [InlineData(128)]
    public void Sigmoid_tanh_and_exp_match_float64(int bits)
    {
        float[] sigmoid = Apply(GateMath.Sigmoid, GateMath.Sigmoid, GateMath.Sigmoid, bits);
        float[] tanh = Apply(GateMath.Tanh, GateMath.Tanh, GateMath.Tanh, bits);
        float[] exp = Apply(GateMath.Exp, GateMath.Exp, GateMath.Exp, bits);
        for (int i = 0; i < Inputs.Length; i++)
        {
            double x = Inputs[i];
            Assert.True(Math.Abs(sigmoid[i] - 1 / (1 + Math.Exp(-x))) <= 2e-7, $"sigmoid({x}) = {sigmoid[i]:G9}");
            Assert.True(Math.Abs(tanh[i] - Math.Tanh(x)) <= 3e-7, $"tanh({x}) = {tanh[i]:G9}");
            if (Math.Abs(x) <= 87)
                Assert.True(Math.Abs(exp[i] - Math.Exp(x)) <= 4e-7 * Math.Exp(x), $"exp({x}) = {exp[i]:G9}");
        }
    }

    [Theory]
    [InlineData(512)]
    [InlineData(256)]
    [InlineData(128)]
    public void Limits_are_exact_and_nan_passes_through(int bits)
    {
        float Sigmoid(float x) => bits == 512 ? GateMath.Sigmoid(Vector512.Create(x)).ToScalar() : bits == 256 ? GateMath.Sigmoid(Vector256.Create(x)).ToScalar() : GateMath.Sigmoid(Vector128.Create(x)).ToScalar();
        float Tanh(float x) => bits == 512 ? GateMath.Tanh(Vector512.Create(x)).ToScalar() : bits == 256 ? GateMath.Tanh(Vector256.Create(x)).ToScalar() : GateMath.Tanh(Vector128.Create(x)).ToScalar();
        Assert.Equal(1f, Tanh(50f));
        Assert.Equal(-1f, Tanh(-50f));
        Assert.Equal(1f, Tanh(float.PositiveInfinity));
        Assert.Equal(-1f, Tanh(float.NegativeInfinity));
        Assert.Equal(1f, Sigmoid(100f));
        Assert.True(Sigmoid(-100f) is >= 0f and < 1e-37f);
        Assert.True(float.IsNaN(Sigmoid(float.NaN)));
        Assert.True(float.IsNaN(Tanh(float.NaN)));
    }
}
