using Unroll.Tests.Networks;

namespace Unroll.Tests.Training;

/// <summary>An optimizer's state belongs to one model: sharing one between models is refused.</summary>
public class OptimizerBindingTests
{
    public static TheoryData<string> Optimizers() => ["sgd", "adam", "rmsprop", "adagrad", "adadelta"];

    private static Optimizer Make(string name) => name switch
    {
        "sgd" => new Sgd(momentum: 0.9f),
        "adam" => new Adam(),
        "rmsprop" => new RmsProp(),
        "adagrad" => new Adagrad(),
        _ => new Adadelta(),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Compiling_one_optimizer_into_a_second_model_throws_and_leaves_both_models_as_they_were(string name)
    {
        Optimizer shared = Make(name);
        var first = new PimaNet(seed: 1);
        first.Compile(shared, Loss.BinaryCrossEntropy);
        var second = new XorNet(seed: 1);
        var e = Assert.Throws<InvalidOperationException>(() => second.Compile(shared, Loss.BinaryCrossEntropy));
        Assert.Contains("already compiled into another model (PimaNet)", e.Message);
        Assert.False(second.IsCompiled);
        Assert.Same(shared, first.Optimizer);
        Assert.Equal(first.ParameterCount, shared.Length);
    }

    [Fact]
    public void The_same_model_may_compile_again_and_a_released_optimizer_may_move_on()
    {
        var adam = new Adam();
        var first = new PimaNet(seed: 1);
        first.Compile(adam, Loss.BinaryCrossEntropy);
        first.Compile(adam, Loss.MeanSquaredError);
        first.Compile(new Sgd(), Loss.BinaryCrossEntropy); // first lets go of adam
        var second = new XorNet(seed: 1);
        second.Compile(adam, Loss.BinaryCrossEntropy);
        Assert.Same(adam, second.Optimizer);
        Assert.Equal(second.ParameterCount, adam.Length);
    }
}
