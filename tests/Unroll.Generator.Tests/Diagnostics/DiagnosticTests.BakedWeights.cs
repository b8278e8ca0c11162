using System.Globalization;
using Microsoft.CodeAnalysis;
using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.Diagnostics;

/// <summary>The build-time check of <c>[BakedWeights]</c> against the header Unroll.targets extracts into obj/.</summary>
public sealed partial class DiagnosticTests
{
    private const string BakedClass = """
        using Unroll;

        [Sequential]
        [Input(8)]
        [Dense(12, Activation = Activation.ReLU)]
        [Dense(1, Activation = Activation.Sigmoid)]
        [BakedWeights("weights/pima.safetensors")]
        public partial class Net;

        // What Unroll.targets writes into obj/ for the file (its bytes as static data), abridged.
        namespace Unroll.Baked
        {
            internal static partial class BakedWeightFiles
            {
                internal const int pima_safetensors_Length = 8;
                internal static System.ReadOnlySpan<ulong> pima_safetensors => new ulong[] { 0UL };
            }
        }
        """;

    private const string PimaHeader = """
        {"__metadata__":{"format":"unroll.weights"},"dense/kernel":{"dtype":"F32","shape":[8,12],"data_offsets":[0,384]},"dense/bias":{"dtype":"F32","shape":[12],"data_offsets":[384,432]},"dense_1/kernel":{"dtype":"F32","shape":[12,1],"data_offsets":[432,480]},"dense_1/bias":{"dtype":"F32","shape":[1],"data_offsets":[480,484]}}
        """;

    private static GeneratorResult RunBaked(string header)
        => GeneratorHarness.Run(BakedClass, ("/project/obj/Debug/net10.0/unroll/pima.safetensors.header.json", header));

    private static void AssertAtAttribute(GeneratorResult result, Diagnostic diagnostic)
        => Assert.Equal("BakedWeights(\"weights/pima.safetensors\")", result.InputCompilation.SyntaxTrees.Single().GetText().ToString(diagnostic.Location.SourceSpan));

    [Fact]
    public void Baked_weights_that_fit_generate_CreateBaked()
    {
        GeneratorResult result = RunBaked(PimaHeader).AssertCompilesCleanly();
        Assert.Contains("public static Net CreateBaked(bool trainable = false)", result.Source.Text);
        Assert.Contains("network.UseBakedWeights(global::System.Runtime.InteropServices.MemoryMarshal.AsBytes(global::Unroll.Baked.BakedWeightFiles.pima_safetensors).Slice(0, global::Unroll.Baked.BakedWeightFiles.pima_safetensors_Length), \"pima.safetensors\", trainable);", result.Source.Text);
    }

    [Fact]
    public void UNR0206_BakedWeightsNotFound()
    {
        GeneratorResult result = GeneratorHarness.Run(BakedClass, ("/project/obj/unroll/other.safetensors.header.json", PimaHeader));
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("UNR0206", diagnostic.Id);
        Assert.Equal("'weights/pima.safetensors' is not a baked weights file of this project: add <UnrollBakedWeights Include=\"weights/pima.safetensors\" /> to the project file (it builds the bytes into the assembly and lets the generator check the tensors)",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        AssertAtAttribute(result, diagnostic);
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void UNR0207_BakedWeightsUnreadable()
    {
        // What Unroll.targets writes for a file whose length field does not fit: no JSON at all.
        GeneratorResult result = RunBaked("not a safetensors file: its first 8 bytes give no header length that fits the file");
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("UNR0207", diagnostic.Id);
        Assert.Equal("'weights/pima.safetensors' does not start with a safetensors header that the generator can read: not a safetensors file: its first 8 bytes give no header length that fits the file",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void UNR0208_BakedWeightsMismatch()
    {
        string wider = PimaHeader.Replace("[8,12]", "[8,16]").Replace("\"dense_1/bias\"", "\"dense_2/bias\"");
        GeneratorResult result = RunBaked(wider);
        string[] messages = [.. result.GeneratorDiagnostics.Select(d => d.Id + " " + d.GetMessage(CultureInfo.InvariantCulture))];
        Assert.Equal(
        [
            "UNR0208 'weights/pima.safetensors' does not fit Net: tensor 'dense/kernel' is (8, 16) in the file but (8, 12) in Net",
            "UNR0208 'weights/pima.safetensors' does not fit Net: tensor 'dense_1/bias' (1) is missing from the file",
            "UNR0208 'weights/pima.safetensors' does not fit Net: the file holds tensor 'dense_2/bias', which Net does not have",
        ], messages);
        AssertAtAttribute(result, result.GeneratorDiagnostics[0]);
        Assert.Empty(result.Sources);
    }
}
