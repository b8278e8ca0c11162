using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Unroll.Generator;

// Generator cost per network: generated source size and the time the Unroll generator takes, as
// reported by the Roslyn driver (GeneratorDriver.GetTimingInfo()). Each measured run builds a fresh
// compilation (freshly parsed tree) and a fresh driver, so nothing is cached between runs; a few
// warm-up runs first let the JIT compile Roslyn and the generator. Median and min over the runs.
//
//   dotnet run -c Release --project bench/Unroll.GeneratorCost [-- --runs 21]

int runs = args.Contains("--runs") ? int.Parse(args[Array.IndexOf(args, "--runs") + 1], CultureInfo.InvariantCulture) : 21;
const int WarmupRuns = 5;

// The declarations of bench/Unroll.Benchmarks/Networks.cs, one network per compilation.
var networks = new (string Name, string Source)[]
{
    ("PimaNet (8-12-1)", """
        using Unroll;
        namespace Bench;
        [Sequential]
        [Input(8)]
        [Dense(12, Activation = Activation.ReLU)]
        [Dense(1, Activation = Activation.Sigmoid)]
        public partial class PimaNet;
        """),
    ("MnistMlp (784-64-64-10)", """
        using Unroll;
        namespace Bench;
        [Sequential]
        [Input(784)]
        [Dense(64, Activation = Activation.ReLU)]
        [Dense(64, Activation = Activation.ReLU)]
        [Dense(10, Activation = Activation.Softmax)]
        public partial class MnistMlp;
        """),
    ("Dense1024 (1024-1024)", """
        using Unroll;
        namespace Bench;
        [Sequential]
        [Input(1024)]
        [Dense(1024)]
        public partial class Dense1024;
        """),
};

var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
var compilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
    .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
    .Append(typeof(Unroll.Model).Assembly.Location)
    .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
    .Select(g => (MetadataReference)MetadataReference.CreateFromFile(g.First()))
    .ToImmutableArray();

CSharpCompilation Fresh(string source, int run) => CSharpCompilation.Create(
    $"GeneratorCost{run}", [CSharpSyntaxTree.ParseText(source, parseOptions, "Network.cs")], references, compilationOptions);

GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create([new UnrollGenerator().AsSourceGenerator()], parseOptions: parseOptions);

Console.WriteLine($"# Unroll generator cost: .NET {Environment.Version}, Roslyn {typeof(CSharpCompilation).Assembly.GetName().Version}, " +
    $"{WarmupRuns} warm-up runs then {runs} measured runs per network, each on a fresh compilation and driver");
Console.WriteLine($"{"network",-26} {"generated",11} {"lines",7} {"generator median",17} {"min",10} {"driver total",13}");
int run = 0;
foreach (var (name, source) in networks)
{
    // Once, untimed: the output must compile, and its size.
    GeneratorDriver check = NewDriver().RunGeneratorsAndUpdateCompilation(Fresh(source, run++), out Compilation output, out var generatorDiagnostics);
    var errors = generatorDiagnostics.Concat(output.GetDiagnostics()).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    if (errors.Count > 0) throw new InvalidOperationException($"{name}: generated code has errors:\n{string.Join("\n", errors.Take(10))}");
    var generated = check.GetRunResult().Results.Single().GeneratedSources;
    long bytes = generated.Sum(s => (long)Encoding.UTF8.GetByteCount(s.SourceText.ToString()));
    int lines = generated.Sum(s => s.SourceText.Lines.Count);

    for (int i = 0; i < WarmupRuns; i++) NewDriver().RunGenerators(Fresh(source, run++));
    var generatorTimes = new List<double>();
    var totalTimes = new List<double>();
    for (int i = 0; i < runs; i++)
    {
        GeneratorDriver driver = NewDriver().RunGenerators(Fresh(source, run++));
        GeneratorDriverTimingInfo timing = driver.GetTimingInfo();
        generatorTimes.Add(timing.GeneratorTimes.Single().ElapsedTime.TotalMilliseconds);
        totalTimes.Add(timing.ElapsedTime.TotalMilliseconds);
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-26} {bytes,9:N0} B {lines,7:N0} {Median(generatorTimes),14:0.00} ms {generatorTimes.Min(),7:0.00} ms {Median(totalTimes),10:0.00} ms"));
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    int n = sorted.Count;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}
