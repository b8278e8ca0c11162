using Microsoft.CodeAnalysis;
using Unroll.Generator.Spec;
using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.Parsing;

/// <summary>Dense and the convolutions share one reader for activation, bias, initialisers and L2.</summary>
public sealed class LayerOptionTests
{
    private const string Options = "Activation = Activation.Sigmoid, UseBias = false, KernelInitializer = Initializer.HeNormal, BiasInitializer = Initializer.Ones, L2 = 0.5f";

    private static GeneratorResult Run(string layers)
        => GeneratorHarness.Run($"using Unroll;\n\n[Sequential]\n{layers}\npublic partial class Net;\n");

    private static LayerSpec ParsedLayer(string layers)
    {
        object output = Assert.Single(GeneratorHarness.OutputsOf(Run(layers).RunResult, UnrollGenerator.StepNames.Parse)).Value;
        return Assert.IsType<StageResult<NetworkSpec>>(output).Value!.Layers[0];
    }

    [Fact]
    public void DenseConv2DAndConv1DReadTheSameOptions()
    {
        var dense = Assert.IsType<DenseSpec>(ParsedLayer($"[Input(4)]\n[Dense(3, {Options})]"));
        var conv2d = Assert.IsType<ConvSpec>(ParsedLayer($"[Input(4, 4, 1)]\n[Conv2D(3, 2, {Options})]"));
        var conv1d = Assert.IsType<ConvSpec>(ParsedLayer($"[Input(4, 1)]\n[Conv1D(3, 2, {Options})]"));

        var expected = (ActivationKind.Sigmoid, false, InitializerKind.HeNormal, InitializerKind.Ones, 0.5f);
        Assert.Equal(expected, (dense.Activation, dense.UseBias, dense.KernelInitializer, dense.BiasInitializer, dense.L2));
        Assert.Equal(expected, (conv2d.Activation, conv2d.UseBias, conv2d.KernelInitializer, conv2d.BiasInitializer, conv2d.L2));
        Assert.Equal(expected, (conv1d.Activation, conv1d.UseBias, conv1d.KernelInitializer, conv1d.BiasInitializer, conv1d.L2));
    }

    [Theory]
    [InlineData("[Input(4)]\n[Dense(3, KernelInitializer = (Initializer)42)]", "Dense")]
    [InlineData("[Input(4, 4, 1)]\n[Conv2D(3, 2, KernelInitializer = (Initializer)42)]", "Conv2D")]
    [InlineData("[Input(4, 1)]\n[Conv1D(3, 2, KernelInitializer = (Initializer)42)]", "Conv1D")]
    public void AnUndefinedOptionValueNamesTheLayerTypeThatHasIt(string layers, string type)
    {
        Diagnostic diagnostic = Assert.Single(Run(layers).GeneratorDiagnostics);
        Assert.Equal("UNR0011", diagnostic.Id);
        Assert.Contains($"({type})", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
