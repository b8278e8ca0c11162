namespace Unroll.Tests.Training;

/// <summary>
/// The fused optimizer update: an element's result does not depend on where it sits (vector
/// lanes of any width or the scalar tail), and state that decays towards zero is flushed to zero
/// rather than left subnormal (subnormals cost a microcode assist per operation on Intel CPUs).
/// </summary>
public class OptimizerUpdateTests
{
    public static TheoryData<string> Optimizers() => ["sgd", "nesterov", "plain_sgd", "adam", "rmsprop", "adagrad", "adadelta"];

    private static Optimizer Make(string name) => name switch
    {
        "sgd" => new Sgd(learningRate: 0.05f, momentum: 0.9f),
        "nesterov" => new Sgd(learningRate: 0.05f, momentum: 0.9f, nesterov: true),
        "plain_sgd" => new Sgd(learningRate: 0.05f),
        "adam" => new Adam(learningRate: 0.01f),
        "rmsprop" => new RmsProp(learningRate: 0.01f),
        "adagrad" => new Adagrad(learningRate: 0.01f),
        _ => new Adadelta(learningRate: 0.5f),
    };

    // 53 = three 16-lane vectors and a 5-element tail (with 8 lanes: six vectors and the tail).
    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Every_element_updates_as_it_would_alone(string name)
    {
        const int n = 53, steps = 4;
        var random = new SeededRandom(17);
        float[] parameters = RandomValues(random, n);
        float[][] gradients = Enumerable.Range(0, steps).Select(_ => RandomValues(random, n)).ToArray();

        float[] together = (float[])parameters.Clone();
        Optimizer all = Make(name);
        all.Build(n);
        foreach (float[] g in gradients) all.Apply(together, g);

        for (int i = 0; i < n; i++)
        {
            float[] alone = [parameters[i]];
            Optimizer one = Make(name);
            one.Build(1);
            foreach (float[] g in gradients) one.Apply(alone, [g[i]]);
            Assert.True(BitConverter.SingleToInt32Bits(alone[0]) == BitConverter.SingleToInt32Bits(together[i]),
                $"{name} element {i}: {together[i]:G9} in the buffer, {alone[0]:G9} alone");
        }
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("nesterov")]
    [InlineData("adam")]
    [InlineData("rmsprop")]
    [InlineData("adadelta")]
    public void State_whose_gradient_stops_decays_to_zero_not_to_subnormals(string name)
    {
        const int n = 40; // vector lanes and a scalar tail
        Optimizer optimizer = Make(name);
        optimizer.Build(n);
        float[] parameters = new float[n], zero = new float[n];
        optimizer.Apply(parameters, Enumerable.Repeat(1e-3f, n).ToArray());
        bool sawSubnormal = false;
        // 0.9^k reaches the subnormal range (from 1e-4) after about 800 steps, Adam's 0.999^k far later:
        // start the state just above it instead of stepping 80 000 times.
        foreach (var slot in optimizer.StateSlots)
            for (int i = 0; i < n; i++)
                if (slot.Values[i] != 0) slot.Values[i] = Math.Sign(slot.Values[i]) * 1.2e-38f; // just above the smallest normal float
        for (int step = 0; step < 100; step++)
        {
            optimizer.Apply(parameters, zero);
            foreach (var slot in optimizer.StateSlots)
                sawSubnormal |= slot.Values.Any(float.IsSubnormal);
        }
        Assert.False(sawSubnormal, $"{name}: a state value was left subnormal");
        Assert.All(optimizer.StateSlots, slot => Assert.All(slot.Values, v => Assert.Equal(0f, v)));
        Assert.All(parameters, w => Assert.True(float.IsFinite(w)));
    }

    private static float[] RandomValues(SeededRandom random, int n)
        => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
}
