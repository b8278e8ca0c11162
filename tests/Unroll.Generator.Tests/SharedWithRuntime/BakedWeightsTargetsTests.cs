using Microsoft.CodeAnalysis;
using Unroll.Generator.Interchange;
using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.SharedWithRuntime;

/// <summary>
/// <c>[BakedWeights]</c> is split between runtime/build/Unroll.targets, an MSBuild inline task that reads the
/// safetensors header and names the file's bytes after it, and the generator, which reads that header and
/// refers to the bytes by the same name (<see cref="BakedWeightsCheck.Identifier"/>). An inline task cannot
/// share the generator's source, so the targets file's own code is compiled here and run on real files,
/// and the generator's output for them must compile against what it wrote.
/// </summary>
public sealed class BakedWeightsTargetsTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>The inline task of Unroll.targets, compiled once as <c>Run(Source, Header, Code)</c>.</summary>
    private static readonly Lazy<TargetsInlineTask> BakeTask = new(() => TargetsInlineTask.Compile("UnrollBakeWeights"));

    [Theory]
    [InlineData("pima.safetensors")]
    [InlineData("2 pima-v1.2.safetensors")]
    [InlineData("poids_réseau.safetensors")]
    public void Generated_code_compiles_against_what_the_targets_wrote(string fileName)
    {
        (string header, string code) = Bake(File.ReadAllBytes(Path.Combine(Fixtures, "baked", "pima.safetensors")), fileName);
        string network = $$"""
            using Unroll;

            [Sequential]
            [Input(8)]
            [Dense(12, Activation = Activation.ReLU)]
            [Dense(1, Activation = Activation.Sigmoid)]
            [BakedWeights("weights/{{fileName}}")]
            public partial class Net;
            """;

        GeneratorResult result = GeneratorHarness.Run(
            GeneratorHarness.CreateCompilation((GeneratorHarness.DefaultPath, network), ($"{fileName}.g.cs", code)),
            inputMayHaveErrors: false,
            ($"/project/obj/Debug/net10.0/unroll/{fileName}{BakedWeightsCheck.HeaderSuffix}", header));

        result.AssertCompilesCleanly();
        Assert.Contains($"internal static global::System.ReadOnlySpan<ulong> {BakedWeightsCheck.Identifier(fileName)} =>", code);
    }

    [Fact]
    public void What_the_targets_write_for_a_file_without_a_header_the_generator_reports()
    {
        (string header, _) = Bake([1, 2, 3], "broken.safetensors");

        WeightsHeader read = BakedWeightsCheck.ReadHeader("broken.safetensors.header.json", header);

        Assert.Null(read.Json);
        Assert.Equal(header, read.Problem);
        Assert.StartsWith("not a safetensors file", header);
    }

    [Fact]
    public void The_targets_hand_the_generator_the_header_bytes_unchanged()
    {
        byte[] file = File.ReadAllBytes(Path.Combine(Fixtures, "baked", "pima.safetensors"));
        int length = (int)BitConverter.ToUInt64(file);

        (string header, _) = Bake(file, "pima.safetensors");

        Assert.Equal(System.Text.Encoding.UTF8.GetString(file, 8, length), header);
        Assert.NotNull(BakedWeightsCheck.ReadHeader("pima.safetensors.header.json", header).Json);
    }

    [Fact]
    public void The_targets_refuse_the_header_lengths_the_runtime_refuses()
    {
        // Too large to test by a file: the runtime's limit (SafeTensors.MaxHeaderBytes, internal) must be the task's.
        object? limit = typeof(Model).Assembly.GetType("Unroll.SafeTensors", throwOnError: true)!.GetField("MaxHeaderBytes")?.GetRawConstantValue();

        Assert.Contains($"length > {limit}UL", TargetsInlineTask.Fragment("UnrollBakeWeights"));
    }

    /// <summary>Runs the targets' task on <paramref name="bytes"/> saved as <paramref name="fileName"/>: the header and code files it writes.</summary>
    private static (string Header, string Code) Bake(byte[] bytes, string fileName)
    {
        string directory = Directory.CreateTempSubdirectory("unroll-bake-").FullName;
        try
        {
            string source = Path.Combine(directory, fileName);
            File.WriteAllBytes(source, bytes);
            string header = Path.Combine(directory, "obj", fileName + BakedWeightsCheck.HeaderSuffix);
            string code = Path.Combine(directory, "obj", fileName + ".g.cs");
            Assert.True(BakeTask.Value.Run(source, header, code).Succeeded);
            return (File.ReadAllText(header), File.ReadAllText(code));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
