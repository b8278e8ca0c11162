using Unroll.Generator.Common;
using Unroll.Generator.Emitting;
using Unroll.Generator.Lowering;
using Unroll.Generator.Shapes;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Tests.Lowering;

/// <summary>
/// The parameter layout with room for non-trainable weights, on a stand-in until the first layer
/// that has them (BatchNormalization): Pima whose first Dense also keeps a non-trainable
/// <c>dense/moving_mean</c>, built by hand.
/// </summary>
public sealed class ParameterLayoutTests
{
    private static DenseSpec Dense(string name, int units, ActivationKind activation)
        => new(name, null, units, activation, true, InitializerKind.GlorotUniform, InitializerKind.Zeros, 0f);

    private static ShapedNetwork Pima()
    {
        var spec = new NetworkSpec("Tests", "Net", "Net.cs", 1, Shape.Of(8),
            new LayerSpec[] { Dense("dense", 12, ActivationKind.ReLU), Dense("dense_1", 1, ActivationKind.Sigmoid) }.ToEquatableArray());
        return ShapeInference.Infer(spec, [])!;
    }

    // Keras order within the layer: its trainable weights, then its non-trainable one.
    private static ShapedNetwork WithMovingMean()
    {
        ShapedNetwork pima = Pima();
        ShapedLayer dense = pima.Layers[0];
        var movingMean = new Generator.Shapes.ParameterTensor("dense/moving_mean", Shape.Of(12), InitializerKind.Zeros, 8, 12, Trainable: false);
        ShapedLayer withState = dense with { Parameters = dense.Parameters.Append(movingMean).ToEquatableArray() };
        return pima with { Layers = new[] { withState, pima.Layers[1] }.ToEquatableArray() };
    }

    [Fact]
    public void AllTrainableNetworkIsPackedInKerasOrderAsBefore()
    {
        ParameterLayout layout = ParameterLayout.Of(Pima());

        Assert.Equal([(0, 96), (96, 108), (108, 120), (120, 121)], layout.Slots.Select(s => (s.Offset, s.End)));
        Assert.Equal(121, layout.Total);
        Assert.Equal(121, layout.Trainable);
    }

    [Fact]
    public void NonTrainableTensorsFollowEveryTrainableOne()
    {
        ParameterLayout layout = ParameterLayout.Of(WithMovingMean());

        // Slots stay in Keras order; offsets put the trainable part first, one contiguous prefix.
        Assert.Equal(["dense/kernel", "dense/bias", "dense/moving_mean", "dense_1/kernel", "dense_1/bias"], layout.Slots.Select(s => s.Tensor.Name));
        Assert.Equal([(0, 96), (96, 108), (121, 133), (108, 120), (120, 121)], layout.Slots.Select(s => (s.Offset, s.End)));
        Assert.Equal(133, layout.Total);
        Assert.Equal(121, layout.Trainable);
    }

    [Fact]
    public void EachLayerPlanHoldsItsOwnSlotsWhateverTheirOffsets()
    {
        KernelPlan plan = KernelPlanner.Plan(WithMovingMean());

        Assert.Equal(["dense/kernel", "dense/bias", "dense/moving_mean"], plan.Layers[0].Parameters.Select(s => s.Tensor.Name));
        Assert.Equal(["dense_1/kernel", "dense_1/bias"], plan.Layers[1].Parameters.Select(s => s.Tensor.Name));
        Assert.Equal(108, plan.Layers[1].Kernel!.Offset);
    }

    [Fact]
    public void CountsSplitTrainableFromNonTrainable()
    {
        ShapedNetwork network = WithMovingMean();

        Assert.Equal(133, network.ParameterCount);
        Assert.Equal(121, network.TrainableParameterCount);
        Assert.Equal(12, network.NonTrainableParameterCount);
        Assert.Equal([120, 13], network.Layers.Select(l => l.ParameterCount)); // Keras's "Param #" counts every weight
        Assert.Equal([12, 0], network.Layers.Select(l => l.NonTrainableParameterCount));
    }

    [Fact]
    public void SummaryCountsNonTrainableParameters()
    {
        string summary = SummaryTable.Build(WithMovingMean());

        Assert.Contains("\n dense (Dense)               (None, 12)                120\n", summary);
        Assert.EndsWith("Total params: 133\nTrainable params: 121\nNon-trainable params: 12\n_________________________________________________________________", summary);
    }

    [Fact]
    public void SummaryOfAnAllTrainableNetworkSaysNoneIsNonTrainable()
        => Assert.Contains("Total params: 121\nTrainable params: 121\nNon-trainable params: 0\n", SummaryTable.Build(Pima()));

    [Fact]
    public void EmittedTensorTableMarksOnlyNonTrainableTensors()
    {
        string source = NetworkEmitter.Emit(KernelPlanner.Plan(WithMovingMean()));

        Assert.Contains("""new("dense/kernel", 0, [8, 12]),""", source);
        Assert.Contains("""new("dense/moving_mean", 121, [12], trainable: false),""", source);
        Assert.Contains("public const int ParameterLength = 133;", source);
    }
}
