using Microsoft.CodeAnalysis.Text;
using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Unroll.Generator.Tests.Infrastructure;

/// <summary>One generated file: its hint name and text.</summary>
internal sealed record GeneratedSource(string HintName, string Text);

/// <summary>
/// What one generator run produced: the generated files, the generator's diagnostics, and the
/// diagnostics of the compilation after the generated files were added (errors and warnings only).
/// </summary>
internal sealed record GeneratorResult(
    ImmutableArray<GeneratedSource> Sources,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<Diagnostic> CompilationDiagnostics,
    GeneratorDriver Driver,
    Compilation InputCompilation,
    Compilation OutputCompilation)
{
    public GeneratorRunResult RunResult => Driver.GetRunResult().Results.Single();

    /// <summary>The only generated file (fails when there is not exactly one).</summary>
    public GeneratedSource Source => Assert.Single(Sources);

    /// <summary>Asserts the generator reported nothing and the generated code compiles without errors or warnings.</summary>
    public GeneratorResult AssertCompilesCleanly()
    {
        Assert.True(GeneratorDiagnostics.IsEmpty, "Generator diagnostics:\n" + string.Join("\n", GeneratorDiagnostics));
        Assert.True(CompilationDiagnostics.IsEmpty,
            "The generated code does not compile cleanly:\n" + string.Join("\n", CompilationDiagnostics.Take(20)));
        return this;
    }
}

/// <summary>
/// Compiles a source string against the runtime, runs <see cref="UnrollGenerator"/> in memory, and
/// checks on every run what the MVVM Toolkit and Mapperly tests check: a second run is fully
/// cached, and no pipeline step holds a Roslyn symbol, compilation or syntax node.
/// </summary>
internal static class GeneratorHarness
{
    public const string DefaultPath = "Network.cs";

    /// <summary>
    /// The tracking names of the generator's own steps (the harness ignores Roslyn's internal ones): every
    /// constant of <see cref="UnrollGenerator.StepNames"/>, in declaration order, so a new step is checked too.
    /// </summary>
    public static readonly ImmutableArray<string> StepNames =
    [
        .. typeof(UnrollGenerator.StepNames)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .OrderBy(field => field.MetadataToken)
            .Select(field => (string)field.GetRawConstantValue()!),
    ];

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>The framework (trusted platform assemblies) plus Unroll.dll, loaded once for all tests.</summary>
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(typeof(Unroll.Model).Assembly.Location)
            // One reference per assembly name (Unroll.dll is in the list already when the test host loads it).
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    public static CSharpCompilation CreateCompilation(string source, string path = DefaultPath)
        => CreateCompilation((path, source));

    public static CSharpCompilation CreateCompilation(params (string Path, string Source)[] files)
        => CSharpCompilation.Create(
            "Unroll.Generator.Tests.Input",
            files.Select(f => ParseTree(f.Source, f.Path)),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static SyntaxTree ParseTree(string source, string path = DefaultPath)
        => CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    public static GeneratorDriver CreateDriver(params (string Path, string Text)[] additionalFiles)
        => CSharpGeneratorDriver.Create(
            [new UnrollGenerator().AsSourceGenerator()],
            additionalTexts: [.. additionalFiles.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text))],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>
    /// Runs the generator on <paramref name="source"/>. The input itself must compile without errors,
    /// unless <paramref name="inputMayHaveErrors"/> (a class deriving from Unroll.Model explicitly
    /// only compiles once the generated half implements the abstract members).
    /// </summary>
    public static GeneratorResult Run(string source, string path = DefaultPath, bool inputMayHaveErrors = false)
        => Run(CreateCompilation(source, path), inputMayHaveErrors);

    /// <summary>Runs the generator with <paramref name="additionalFiles"/> as the project's AdditionalFiles.</summary>
    public static GeneratorResult Run(string source, params (string Path, string Text)[] additionalFiles)
        => Run(CreateCompilation(source), inputMayHaveErrors: false, additionalFiles);

    public static GeneratorResult Run(Compilation compilation, bool inputMayHaveErrors = false, params (string Path, string Text)[] additionalFiles)
    {
        if (!inputMayHaveErrors)
        {
            var inputErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(inputErrors.Count == 0, "The test source does not compile:\n" + string.Join("\n", inputErrors));
        }

        GeneratorDriver driver = CreateDriver(additionalFiles).RunGeneratorsAndUpdateCompilation(
            compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorRunResult run = driver.GetRunResult().Results.Single();
        Assert.Null(run.Exception);
        AssertNoRoslynObjectsInSteps(run);

        // The same input again (a clone, so nothing is shared by reference but the trees): every step cached.
        GeneratorDriver second = driver.RunGenerators(compilation.Clone());
        AssertAllStepsCached(second.GetRunResult().Results.Single());

        var sources = run.GeneratedSources
            .Select(s => new GeneratedSource(s.HintName, s.SourceText.ToString()))
            .ToImmutableArray();
        var compilationDiagnostics = output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToImmutableArray();
        return new GeneratorResult(sources, generatorDiagnostics, compilationDiagnostics, driver, compilation, output);
    }

    /// <summary>Every output of every generator step (and of the source outputs) is Cached or Unchanged.</summary>
    public static void AssertAllStepsCached(GeneratorRunResult run)
    {
        Assert.Null(run.Exception);
        var offenders = StepOutputs(run)
            .Concat(run.TrackedOutputSteps.SelectMany(step => step.Value.SelectMany(s => s.Outputs.Select(o => (Step: step.Key, o.Value, o.Reason)))))
            .Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .Select(o => $"{o.Step}: {o.Reason} ({o.Value})")
            .ToList();
        Assert.True(offenders.Count == 0, "A second run over the same input re-ran steps:\n" + string.Join("\n", offenders));
    }

    /// <summary>The outputs of one tracked step, by its tracking name (empty when the step did not run).</summary>
    public static IEnumerable<(object Value, IncrementalStepRunReason Reason)> OutputsOf(GeneratorRunResult run, string stepName)
        => run.TrackedSteps.TryGetValue(stepName, out ImmutableArray<IncrementalGeneratorRunStep> steps)
            ? steps.SelectMany(s => s.Outputs)
            : [];

    private static IEnumerable<(string Step, object Value, IncrementalStepRunReason Reason)> StepOutputs(GeneratorRunResult run)
        => StepNames.SelectMany(name => OutputsOf(run, name).Select(o => (name, o.Value, o.Reason)));

    /// <summary>
    /// Walks every value a generator step produced and fails on a Roslyn symbol, compilation,
    /// semantic model, syntax node/tree or location: holding one would root a whole compilation
    /// and make the step compare unequal on every run.
    /// </summary>
    public static void AssertNoRoslynObjectsInSteps(GeneratorRunResult run)
    {
        foreach ((string step, object value, _) in StepOutputs(run))
        {
            string? found = RoslynObjectWalker.Find(value, step);
            Assert.True(found is null, $"Step '{step}' holds a Roslyn object: {found}");
        }
    }
}

/// <summary>A reflection walk over an object graph looking for Roslyn types that must not be cached.</summary>
internal static class RoslynObjectWalker
{
    private static readonly Type[] Forbidden =
    [
        typeof(ISymbol), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxNode), typeof(SyntaxTree),
        typeof(Location), typeof(AttributeData), typeof(SyntaxToken), typeof(SyntaxReference),
    ];

    /// <summary>The path to the first forbidden object under <paramref name="root"/>, or null.</summary>
    public static string? Find(object? root, string rootName)
    {
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(object Value, string Path)>();
        if (root is not null) pending.Push((root, rootName));
        while (pending.Count > 0)
        {
            (object value, string path) = pending.Pop();
            Type type = value.GetType();
            if (Forbidden.Any(f => f.IsAssignableFrom(type))) return $"{path} is a {type.FullName}";
            if (IsLeaf(type)) continue;
            if (!type.IsValueType && !visited.Add(value)) continue; // cycles and shared objects

            if (value is Array array)
            {
                // Arrays (including the one inside ImmutableArray / EquatableArray) by element; walking
                // fields rather than enumerating also copes with default ImmutableArrays.
                int i = 0;
                foreach (object? item in (IEnumerable)array)
                {
                    if (item is not null) pending.Push((item, $"{path}[{i}]"));
                    i++;
                }
                continue;
            }
            for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
            {
                foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.FieldType.IsPointer || field.FieldType.IsByRefLike) continue;
                    if (field.GetValue(value) is { } child) pending.Push((child, $"{path}.{field.Name}"));
                }
            }
        }
        return null;
    }

    /// <summary>Values that cannot reach a Roslyn object: primitives, strings, enums, reflection and descriptors.</summary>
    private static bool IsLeaf(Type type)
        => type.IsPrimitive || type.IsEnum || type.IsPointer
           || type == typeof(string) || type == typeof(decimal)
           || typeof(MemberInfo).IsAssignableFrom(type) || typeof(Delegate).IsAssignableFrom(type)
           || typeof(Assembly).IsAssignableFrom(type)
           // A descriptor is static metadata (id, title, message format): equatable by value, no source references.
           || type == typeof(DiagnosticDescriptor);
}

/// <summary>An AdditionalFiles entry held in memory.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(System.Threading.CancellationToken cancellationToken = default) => _text;
}
