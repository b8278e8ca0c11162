using System.Collections.Immutable;
using System.Diagnostics;
using CsCheck;
using Microsoft.CodeAnalysis;
using Unroll.Generator.Emitting;
using Unroll.Generator.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Unroll.Generator.Tests.Fuzzing;

/// <summary>
/// The generator under fire: projects made of malformed and extreme declarations
/// (<see cref="HostileDeclarations"/>) must each end in code that compiles or in diagnostics with an
/// id, never in a generator exception (CS8785 would take every network of the project down), an
/// internal error (UNR0901), generated code that does not compile, or source past the budget.
/// CI runs <see cref="CiCases"/> cases; set <c>UNROLL_FUZZ_CASES=5000</c> for a long run and
/// <c>UNROLL_FUZZ_SEED</c> to replay the seed a failure printed:
/// <code>UNROLL_FUZZ_CASES=5000 dotnet test tests/Unroll.Generator.Tests --filter GeneratorUnderFire</code>
/// </summary>
public sealed class GeneratorUnderFireTests(ITestOutputHelper output)
{
    public const string CasesVariable = "UNROLL_FUZZ_CASES";
    public const string SeedVariable = "UNROLL_FUZZ_SEED";

    /// <summary>
    /// Cases per CI run. On an idle two-core machine a case takes about 30 ms after the compiler's
    /// warm-up (3 000 in 81 s; about 40 % of them compile a generated network); the test with 150
    /// cases took 18 s with the warm-up, so CI runs 100 (under load a case took up to 0.35 s).
    /// </summary>
    public const long CiCases = 100;

    [Fact]
    public void Hostile_declarations_end_in_code_that_compiles_or_in_diagnostics()
    {
        long cases = long.TryParse(Environment.GetEnvironmentVariable(CasesVariable), out long n) && n > 0 ? n : CiCases;
        var tally = new Tally();
        HostileDeclarations.Project.Sample(project => AssertSurvives(project, tally),
            seed: Environment.GetEnvironmentVariable(SeedVariable), iter: cases, print: p => p.ToString());
        output.WriteLine($"{tally.Cases} cases: {tally.WithSource} generated code that compiled, {tally.WithDiagnostics} ended in Unroll diagnostics; slowest case {tally.SlowestMilliseconds} ms (generation and compilation):\n{tally.SlowestCase}");
        // A generator of cases that never produces a network would test only the diagnostics.
        Assert.True(tally.WithSource > 0 && tally.WithDiagnostics > 0, $"The cases are one-sided: {tally.WithSource} with code, {tally.WithDiagnostics} with diagnostics.");
    }

    /// <summary>The checks on one project; public for the regression tests of the defects the sampling found.</summary>
    internal static void AssertSurvives(HostileProject project, Tally? tally = null)
    {
        var stopwatch = Stopwatch.StartNew();
        Compilation input = GeneratorHarness.CreateCompilation(project.Sources);
        var inputProblems = Problems(input.GetDiagnostics()).ToHashSet();

        GeneratorDriver driver = GeneratorHarness.CreateDriver(project.AdditionalFiles)
            .RunGeneratorsAndUpdateCompilation(input, out Compilation compiled, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorRunResult run = driver.GetRunResult().Results.Single();

        Assert.True(run.Exception is null, $"The generator threw (CS8785: no network of the project gets code): {run.Exception}");
        // Hostile input must not break incrementality either: no Roslyn object cached, a second run fully cached.
        GeneratorHarness.AssertNoRoslynObjectsInSteps(run);
        GeneratorHarness.AssertAllStepsCached(driver.RunGenerators(input.Clone()).GetRunResult().Results.Single());
        Diagnostic? internalError = generatorDiagnostics.FirstOrDefault(d => d.Id == "UNR0901");
        Assert.True(internalError is null, $"Internal error: {internalError}");
        foreach (GeneratedSourceResult source in run.GeneratedSources)
            Assert.True(source.SourceText.Length <= NetworkEmitter.SourceBudget, $"{source.HintName}: {source.SourceText.Length} characters, past the budget");

        // Every problem of the project after generation that it did not have before is the generator's.
        var generatedTrees = run.GeneratedSources.Select(s => s.SyntaxTree).ToHashSet();
        var added = compiled.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && generatedTrees.Contains(d.Location.SourceTree!)))
            .Where(d => !inputProblems.Contains(Problem(d)))
            .ToList();
        Assert.True(added.Count == 0, "The generated code does not compile:\n" + string.Join("\n", added.Take(10)));

        if (tally is null) return;
        Interlocked.Increment(ref tally.Cases);
        if (run.GeneratedSources.Length > 0) Interlocked.Increment(ref tally.WithSource);
        if (generatorDiagnostics.Length > 0) Interlocked.Increment(ref tally.WithDiagnostics);
        long elapsed = stopwatch.ElapsedMilliseconds;
        lock (tally)
            if (elapsed > tally.SlowestMilliseconds)
                (tally.SlowestMilliseconds, tally.SlowestCase) = (elapsed, project.ToString());
    }

    // A warning the user's own code already has (a lowercase type name) is not the generator's,
    // even where the generated half repeats it; errors are compared by id, file and message.
    private static IEnumerable<string> Problems(IEnumerable<Diagnostic> diagnostics)
        => diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(Problem);

    private static string Problem(Diagnostic d)
        => d.Severity == DiagnosticSeverity.Warning ? d.Id + ": " + d.GetMessage() : $"{d.Id} {d.Location.GetLineSpan().Path}: {d.GetMessage()}";

    internal sealed class Tally
    {
        public long Cases, WithSource, WithDiagnostics, SlowestMilliseconds;
        public string SlowestCase = "";
    }
}
