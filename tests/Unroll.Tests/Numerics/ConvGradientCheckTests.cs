using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>
/// Central finite differences of the generated networks' own loss, for layers without kinks
/// (tanh convolutions, average pooling, rank-3 Dense, channels first): float32 evaluations with a
/// large step, so the tolerance is loose; the PyTorch reference tests pin the values tightly.
/// </summary>
public class ConvGradientCheckTests
{
    public static TheoryData<string> Networks() => new("strided_same_average", "dense_rank3", "channels_first_tanh");

    [Theory]
    [MemberData(nameof(Networks))]
    public void Gradients_match_finite_differences(string name)
    {
        Model net = name switch
        {
            "strided_same_average" => new ConvSameStride2AsymNet(seed: 1),
            "dense_rank3" => new DenseRank3Net(seed: 2),
            _ => new ChannelsFirstTanhNet(seed: 3),
        };
        net.Threads = 1;
        net.Compile(new Sgd(), Loss.MeanSquaredError);
        var random = new SeededRandom(8);
        const int batch = 5;
        float[] x = GradientCheckTests.RandomArray(random, batch * net.InputSize, 1);
        float[] y = GradientCheckTests.RandomArray(random, batch * net.OutputSize, 1);
        for (int i = 0; i < net.ParameterCount; i++) net.Parameters[i] += (float)(random.NextDouble() * 0.2 - 0.1);

        net.ComputeGradients(x, y);
        float[] analytic = net.Gradients.ToArray();
        const float h = 1e-2f;
        for (int i = 0; i < net.ParameterCount; i += 3)
        {
            float saved = net.Parameters[i];
            net.Parameters[i] = saved + h;
            double up = net.Evaluate(x, y).Loss;
            net.Parameters[i] = saved - h;
            double down = net.Evaluate(x, y).Loss;
            net.Parameters[i] = saved;
            double numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-3 + 2e-2 * Math.Abs(numeric),
                $"{name}: parameter {i}: analytic {analytic[i]:G6}, numeric {numeric:G6}");
        }
    }
}
