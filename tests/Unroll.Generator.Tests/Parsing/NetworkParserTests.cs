using Unroll.Generator.Spec;
using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.Parsing;

/// <summary>What the parse step reads from the attributes, observed on its tracked output.</summary>
public sealed class NetworkParserTests
{
    private static NetworkSpec Parse(string source)
    {
        GeneratorResult result = GeneratorHarness.Run("using Unroll;\n\n" + source);
        object output = Assert.Single(GeneratorHarness.OutputsOf(result.RunResult, UnrollGenerator.StepNames.Parse)).Value;
        var parsed = Assert.IsType<StageResult<NetworkSpec>>(output);
        Assert.Empty(parsed.Diagnostics);
        return parsed.Value!;
    }

    [Fact]
    public void LayersAreNamedAsKerasNamesThem()
    {
        NetworkSpec spec = Parse("""
            [Sequential]
            [Input(4)]
            [Dense(8)]
            [Activation(Activation.Tanh)]
            [Dense(8)]
            [Activation(Activation.ReLU)]
            [Dense(2)]
            public partial class Net;
            """);

        Assert.Equal(["dense", "activation", "dense_1", "activation_1", "dense_2"], spec.Layers.Select(l => l.Name));
    }

    [Fact]
    public void ReadsTheDeclarationAndEveryNamedArgument()
    {
        NetworkSpec spec = Parse("""
            namespace A.B;

            [Sequential]
            [Input(3)]
            [Dense(5, Activation = Activation.Tanh, UseBias = false, KernelInitializer = Initializer.HeUniform, BiasInitializer = Initializer.Ones, L2 = 0.25f)]
            public partial class Net;
            """);

        Assert.Equal("A.B", spec.Namespace);
        Assert.Equal("Net", spec.ClassName);
        Assert.Equal("A.B.Net", spec.FullName);
        Assert.Equal((GeneratorHarness.DefaultPath, 8), (spec.SourceFile, spec.SourceLine));
        Assert.Equal(Shape.Of(3), spec.Input);
        var dense = Assert.IsType<DenseSpec>(Assert.Single(spec.Layers));
        Assert.Equal(
            new DenseSpec("dense", dense.Location, 5, ActivationKind.Tanh, false, InitializerKind.HeUniform, InitializerKind.Ones, 0.25f),
            dense);
        Assert.NotNull(dense.Location);
    }

    [Fact]
    public void LayersFollowDeclarationOrderAcrossAttributeLists()
    {
        NetworkSpec spec = Parse("""
            [Sequential, Input(2)]
            [Dense(3), Dense(4)]
            [Dense(5)]
            public partial class Net;
            """);

        Assert.Equal([3, 4, 5], spec.Layers.Cast<DenseSpec>().Select(d => d.Units));
    }
}
