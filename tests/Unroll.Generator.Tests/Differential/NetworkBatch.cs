using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Unroll.Generator.Tests.Infrastructure;
using Unroll.Testing.Reference;

namespace Unroll.Generator.Tests.Differential;

/// <summary>
/// Many random networks generated and compiled as ONE in-memory assembly (Roslyn's fixed cost is
/// paid once per batch, not per network), loaded into a collectible context. A network whose
/// declaration the generator refuses, or whose generated code does not compile, is left out of
/// the assembly and reported in <see cref="Refused"/> with the reason.
/// </summary>
internal sealed class NetworkBatch : IDisposable
{
    private readonly AssemblyLoadContext _context = new("differential", isCollectible: true);
    private readonly Assembly? _assembly;

    public IReadOnlyList<NetworkCase> Cases { get; }

    /// <summary>Case index → why it has no network (a generator diagnostic or a compile error).</summary>
    public Dictionary<int, string> Refused { get; } = [];

    public NetworkBatch(IReadOnlyList<NetworkCase> cases)
    {
        Cases = cases;
        var included = Enumerable.Range(0, cases.Count).ToList();
        // Refused networks are dropped and the rest compiled again; each round removes at least one.
        while (included.Count > 0)
        {
            var trees = included.Select(i => (Path: $"Case{i}.cs", Source: $"using Unroll;\nnamespace Differential;\n{cases[i].Declaration(ClassName(i))}\n")).ToArray();
            CSharpCompilation input = GeneratorHarness.CreateCompilation(trees)
                .WithOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable))
                .WithAssemblyName("Differential" + Guid.NewGuid().ToString("N"));
            GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
            var failed = new Dictionary<int, string>();
            foreach (Diagnostic d in generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
                Blame(d, failed, "generator refused the declaration");
            using var stream = new MemoryStream();
            EmitResult emitted = failed.Count == 0 ? output.Emit(stream) : null!;
            if (failed.Count == 0 && emitted.Success)
            {
                stream.Position = 0;
                _assembly = _context.LoadFromStream(stream);
                break;
            }
            if (failed.Count == 0)
                foreach (Diagnostic d in emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
                    Blame(d, failed, "generated code does not compile");
            if (failed.Count == 0)
                throw new InvalidOperationException("The batch does not compile, and no error names a case:\n" + string.Join("\n", emitted.Diagnostics.Take(10)));
            foreach ((int i, string why) in failed)
            {
                Refused[i] = why;
                included.Remove(i);
            }
        }
    }

    /// <summary>The case an error belongs to, from its file: Case12.cs or the generated Differential.Case12.g.cs.</summary>
    private static void Blame(Diagnostic d, Dictionary<int, string> failed, string what)
    {
        string file = Path.GetFileName(d.Location.SourceTree?.FilePath ?? "");
        int start = file.IndexOf("Case", StringComparison.Ordinal);
        if (start < 0) return;
        string digits = new([.. file[(start + 4)..].TakeWhile(char.IsDigit)]);
        if (int.TryParse(digits, out int index) && !failed.ContainsKey(index))
            failed[index] = $"{what}: {d}";
    }

    public static string ClassName(int index) => "Case" + index;

    /// <summary>A new instance of case <paramref name="index"/>'s network, or null when it was refused.</summary>
    public Model? Create(int index, int seed)
        => Refused.ContainsKey(index) || _assembly is null ? null
           : (Model)Activator.CreateInstance(_assembly.GetType("Differential." + ClassName(index), throwOnError: true)!, [(int?)seed])!;

    public void Dispose() => _context.Unload();
}
