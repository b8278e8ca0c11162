using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Unroll.Generator.Tests.Infrastructure;
using Steps = Unroll.Generator.UnrollGenerator.StepNames;

namespace Unroll.Generator.Tests.Incrementality;

/// <summary>
/// The pipeline's caching contract: an edit that does not touch a network's declaration re-runs
/// nothing after the parse and re-emits nothing; an edit to the declaration re-emits it.
/// </summary>
public sealed class IncrementalTests
{
    private const string NetworkPath = "PimaNet.cs";
    private const string OtherPath = "Other.cs";

    private const string Network = """
        using Unroll;

        namespace Pima;

        [Sequential]
        [Input(8)]
        [Dense(12, Activation = Activation.ReLU)]
        [Dense(1, Activation = Activation.Sigmoid)]
        public partial class PimaNet
        {
        }
        """;

    private const string Other = """
        namespace Pima;

        public static class Helper
        {
            public static int Value => 1;
        }
        """;

    [Fact]
    public void Running_twice_caches_every_step()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation((NetworkPath, Network), (OtherPath, Other));
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.All(Reasons(driver, Steps.Source), r => Assert.Equal(IncrementalStepRunReason.New, r));

        driver = driver.RunGenerators(compilation);

        GeneratorHarness.AssertAllStepsCached(driver.GetRunResult().Results.Single());
        Assert.Equal([IncrementalStepRunReason.Cached], Reasons(driver, Steps.Source));
    }

    [Fact]
    public void Editing_an_unrelated_file_re_emits_nothing()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation((NetworkPath, Network), (OtherPath, Other));
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        CSharpCompilation edited = Replace(compilation, OtherPath, Other.Replace("Value => 1", "Value => 2"));
        driver = driver.RunGenerators(edited);

        Assert.NotEmpty(Reasons(driver, Steps.Parse));
        Assert.All(Reasons(driver, Steps.Parse), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.Equal([IncrementalStepRunReason.Cached], Reasons(driver, Steps.Source));
        GeneratorHarness.AssertAllStepsCached(driver.GetRunResult().Results.Single());
    }

    [Fact]
    public void Editing_the_class_body_but_not_the_layers_re_emits_nothing()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation((NetworkPath, Network), (OtherPath, Other));
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        // The tree of the network changes, so the parse runs again, but it produces an equal spec.
        CSharpCompilation edited = Replace(compilation, NetworkPath,
            Network.Replace("public partial class PimaNet\n{\n}", "public partial class PimaNet\n{\n    public int Epochs => 10;\n}"));
        Assert.NotEqual(compilation.SyntaxTrees.First().ToString(), edited.SyntaxTrees.First().ToString());
        driver = driver.RunGenerators(edited);

        Assert.Equal([IncrementalStepRunReason.Unchanged], Reasons(driver, Steps.Parse));
        Assert.Equal([IncrementalStepRunReason.Cached], Reasons(driver, Steps.Source));
    }

    /// <summary>
    /// Every LayerSpec carries its LocationInfo for diagnostics; the planner drops them, so an edit
    /// that only moves the attributes' character offsets (a longer comment above the class) leaves
    /// the Source step's value equal and re-emits nothing.
    /// </summary>
    [Fact]
    public void Moving_the_declaration_within_its_line_re_emits_nothing()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation((NetworkPath, "// one\n" + Network));
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        driver = driver.RunGenerators(Replace(compilation, NetworkPath, "// one two\n" + Network));

        Assert.Equal([IncrementalStepRunReason.Cached], Reasons(driver, Steps.Source));
    }

    [Fact]
    public void Editing_the_network_re_emits_it()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation((NetworkPath, Network), (OtherPath, Other));
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        CSharpCompilation edited = Replace(compilation, NetworkPath, Network.Replace("[Dense(12,", "[Dense(16,"));
        driver = driver.RunGenerators(edited);

        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(driver, Steps.Parse));
        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(driver, Steps.Source));
        string text = driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("public const int ParameterLength = 161;", text); // 8·16 + 16 + 16·1 + 1
    }

    [Fact]
    public void Fixing_an_error_emits_the_network_and_clears_the_diagnostic()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation((NetworkPath, Network.Replace("[Dense(12,", "[Dense(0,")));
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        GeneratorRunResult broken = driver.GetRunResult().Results.Single();
        Assert.Equal("UNR0015", Assert.Single(broken.Diagnostics).Id);
        Assert.Empty(broken.GeneratedSources);

        driver = driver.RunGenerators(Replace(compilation, NetworkPath, Network));
        GeneratorRunResult fixedRun = driver.GetRunResult().Results.Single();
        Assert.Empty(fixedRun.Diagnostics);
        Assert.Equal("Pima.PimaNet.884.g.cs", Assert.Single(fixedRun.GeneratedSources).HintName);
    }

    private static CSharpCompilation Replace(CSharpCompilation compilation, string path, string source)
    {
        SyntaxTree old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return compilation.ReplaceSyntaxTree(old, GeneratorHarness.ParseTree(source, path));
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorDriver driver, string step)
        => [.. GeneratorHarness.OutputsOf(driver.GetRunResult().Results.Single(), step).Select(o => o.Reason)];
}
