using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Lowering;
using Unroll.Generator.Shapes;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Tests.Shapes;

/// <summary>Shape inference on hand-built specs: no compilation, no Roslyn.</summary>
public sealed class ShapeInferenceTests
{
    private static DenseSpec Dense(string name, int units, ActivationKind activation = ActivationKind.Linear, bool useBias = true)
        => new(name, null, units, activation, useBias, InitializerKind.GlorotUniform, InitializerKind.Zeros, 0f);

    private static NetworkSpec Network(Shape input, params LayerSpec[] layers)
        => new("Tests", "Net", "Net.cs", 1, input, layers.ToEquatableArray());

    private static readonly NetworkSpec Pima = Network(Shape.Of(8),
        Dense("dense", 12, ActivationKind.ReLU),
        Dense("dense_1", 1, ActivationKind.Sigmoid));

    [Fact]
    public void PimaShapesAndParameters()
    {
        var diagnostics = new List<DiagnosticInfo>();
        ShapedNetwork network = ShapeInference.Infer(Pima, diagnostics)!;

        Assert.Empty(diagnostics);
        Assert.Equal(["dense", "dense_1"], network.Layers.Select(l => l.Name));
        Assert.Equal(Shape.Of(8), network.Layers[0].Input);
        Assert.Equal(Shape.Of(12), network.Layers[0].Output);
        Assert.Equal(Shape.Of(12), network.Layers[1].Input);
        Assert.Equal(Shape.Of(1), network.Layers[1].Output);
        Assert.Equal(Shape.Of(1), network.Output);
        Assert.Equal([108, 13], network.Layers.Select(l => l.ParameterCount));
        Assert.Equal(121, network.ParameterCount);
        Assert.Equal(ActivationKind.Sigmoid, network.Layers[1].Activation);
    }

    [Fact]
    public void DenseParametersAreNamedAndShapedAsInKeras()
    {
        ShapedNetwork network = ShapeInference.Infer(Pima, [])!;

        // (var: Unroll.ParameterTensor, the runtime's type, would shadow the generator's here.)
        var tensors = network.Layers.SelectMany(l => l.Parameters).ToArray();
        Assert.Equal(["dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"], tensors.Select(t => t.Name));
        Assert.Equal(["(8, 12)", "(12)", "(12, 1)", "(1)"], tensors.Select(t => t.ShapeText));
        Assert.Equal([InitializerKind.GlorotUniform, InitializerKind.Zeros, InitializerKind.GlorotUniform, InitializerKind.Zeros], tensors.Select(t => t.Initializer));
        Assert.Equal((8, 12), (tensors[0].FanIn, tensors[0].FanOut));
        Assert.Equal((12, 1), (tensors[2].FanIn, tensors[2].FanOut));
    }

    [Fact]
    public void ParameterLayoutPacksTensorsInKerasOrder()
    {
        KernelPlan plan = KernelPlanner.Plan(ShapeInference.Infer(Pima, [])!);

        Assert.Equal(121, plan.Layout.Total);
        Assert.Equal([(0, 96), (96, 108), (108, 120), (120, 121)], plan.Layout.Slots.Select(s => (s.Offset, s.End)));
        Assert.Equal(["__Dense", "__Dense1"], plan.Layers.Select(l => l.MethodPrefix));
        Assert.Equal([false, true], plan.Layers.Select(l => l.NeedsInputGradient));
        Assert.Equal([false, true], plan.Layers.Select(l => l.IsOutput));
    }

    [Fact]
    public void DenseWithoutBiasHasOnlyAKernel()
    {
        ShapedNetwork network = ShapeInference.Infer(Network(Shape.Of(5), Dense("dense", 16, useBias: false)), [])!;

        ShapedLayer layer = Assert.Single(network.Layers);
        Assert.Equal("dense/kernel", Assert.Single(layer.Parameters).Name);
        Assert.Equal(80, network.ParameterCount);
    }

    [Fact]
    public void ActivationLayerKeepsTheShapeAndHasNoParameters()
    {
        NetworkSpec spec = Network(Shape.Of(5),
            Dense("dense", 16),
            new ActivationSpec("activation", null, ActivationKind.Tanh),
            Dense("dense_1", 3, ActivationKind.Softmax));

        ShapedNetwork network = ShapeInference.Infer(spec, [])!;

        ShapedLayer activation = network.Layers[1];
        Assert.Equal(Shape.Of(16), activation.Input);
        Assert.Equal(Shape.Of(16), activation.Output);
        Assert.Empty(activation.Parameters);
        Assert.Equal(ActivationKind.Tanh, activation.Activation);
        Assert.Equal(96 + 51, network.ParameterCount);
    }

    [Fact]
    public void MnistMlpParameterCount()
    {
        NetworkSpec spec = Network(Shape.Of(784),
            Dense("dense", 64, ActivationKind.ReLU),
            Dense("dense_1", 64, ActivationKind.ReLU),
            Dense("dense_2", 10, ActivationKind.Softmax));

        ShapedNetwork network = ShapeInference.Infer(spec, [])!;

        Assert.Equal([50240, 4160, 650], network.Layers.Select(l => l.ParameterCount));
        Assert.Equal(55050, network.ParameterCount);
    }

    [Fact]
    public void SoftmaxOnOneUnitIsReportedAtTheLayer()
    {
        var location = new LocationInfo("Net.cs", new Microsoft.CodeAnalysis.Text.TextSpan(40, 10), default);
        NetworkSpec spec = Network(Shape.Of(8),
            Dense("dense", 4),
            new DenseSpec("dense_1", location, 1, ActivationKind.Softmax, true, InitializerKind.GlorotUniform, InitializerKind.Zeros, 0f));

        StageResult<ShapedNetwork> result = ShapeInference.Infer(new StageResult<NetworkSpec>(spec, EquatableArray<DiagnosticInfo>.Empty));

        Assert.Null(result.Value);
        DiagnosticInfo diagnostic = Assert.Single(result.Diagnostics);
        Assert.Same(DiagnosticDescriptors.SoftmaxOnOneUnit, diagnostic.Descriptor);
        Assert.Equal(location, diagnostic.Location);
        Assert.Equal(["dense_1", "Dense", "(None, 1)"], diagnostic.Arguments);
    }

    [Fact]
    public void DenseOnARank2InputActsOnTheLastAxis()
    {
        var diagnostics = new List<DiagnosticInfo>();
        NetworkSpec spec = Network(Shape.Of(28, 28), Dense("dense", 10), Dense("dense_1", 1));

        ShapedNetwork network = ShapeInference.Infer(spec, diagnostics)!;

        Assert.Empty(diagnostics);
        Assert.Equal("(None, 28, 10)", network.Layers[0].Output.ToString());
        Assert.Equal("(None, 28, 1)", network.Layers[1].Output.ToString());
        Assert.Equal(28 * 10 + 10 + 10 * 1 + 1, network.ParameterCount);
    }

    [Fact]
    public void ParseErrorsPassThroughWithoutInference()
    {
        var parseError = DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, null, "Net");
        var parsed = new StageResult<NetworkSpec>(null, new[] { parseError }.ToEquatableArray());

        StageResult<ShapedNetwork> result = ShapeInference.Infer(parsed);

        Assert.Null(result.Value);
        Assert.Equal(parsed.Diagnostics, result.Diagnostics);
    }

    [Fact]
    public void SpecsAreEqualByValue()
    {
        NetworkSpec copy = Network(Shape.Of(8),
            Dense("dense", 12, ActivationKind.ReLU),
            Dense("dense_1", 1, ActivationKind.Sigmoid));

        Assert.Equal(Pima, copy);
        Assert.Equal(Pima.GetHashCode(), copy.GetHashCode());
        Assert.Equal(ShapeInference.Infer(Pima, []), ShapeInference.Infer(copy, []));
        Assert.Equal(KernelPlanner.Plan(ShapeInference.Infer(Pima, [])!), KernelPlanner.Plan(ShapeInference.Infer(copy, [])!));
        Assert.Equal("(None, 8)", Shape.Of(8).ToString());
    }
}
