using CsCheck;
using Xunit.Abstractions;
using Unroll.Testing.Reference;

namespace Unroll.Generator.Tests.Differential;

/// <summary>
/// Differential testing of random networks: CsCheck draws random valid declarations (layer kinds,
/// sizes, activations, paddings, strides, data formats, return_sequences, losses); the generator
/// turns them into code, compiled in batches into one in-memory assembly; each network's Predict,
/// loss and gradients are compared with the float64 <see cref="ReferenceInterpreter"/>. A failure is
/// shrunk to a minimal failing network and reported with the seed that reproduces the run.
///
/// CI runs <see cref="DefaultCases"/> cases. A long run:
///   UNROLL_DIFF_CASES=5000 dotnet test tests/Unroll.Generator.Tests --filter FullyQualifiedName~DifferentialTests
/// with UNROLL_DIFF_SEED=random for cases never run before; UNROLL_DIFF_SEED=&lt;seed&gt; repeats a run.
/// Without it the seed is <see cref="DefaultSeed"/>, so CI checks the same cases every time.
/// </summary>
public class DifferentialTests(ITestOutputHelper output)
{
    public const int DefaultCases = 150;
    public const ulong DefaultSeed = 20251201;
    private const int BatchSize = 150;

    /// <summary>The random stream a network is built from (<see cref="NetworkBuilder"/>); CsCheck shrinks towards short streams of small numbers.</summary>
    internal static readonly Gen<uint[]> Choices = Gen.UInt[0, 1000].Array[0, 48];

    [Fact]
    public void Random_networks_agree_with_the_reference_interpreter()
    {
        int cases = int.TryParse(Environment.GetEnvironmentVariable("UNROLL_DIFF_CASES"), out int n) && n > 0 ? n : DefaultCases;
        // CI repeats the same cases (a failure there is a defect, never luck); "random" explores new ones.
        string? seedText = Environment.GetEnvironmentVariable("UNROLL_DIFF_SEED");
        ulong seed = ulong.TryParse(seedText, out ulong s) ? s : seedText == "random" ? (ulong)Random.Shared.NextInt64() : DefaultSeed;
        var pcg = new PCG(1, seed);
        var findings = new List<string>();
        int agreed = 0, ambiguous = 0, refused = 0;
        for (int start = 0; start < cases; start += BatchSize)
        {
            var batch = new List<NetworkCase>();
            for (int i = start; i < Math.Min(cases, start + BatchSize); i++)
                batch.Add(NetworkBuilder.Build(Choices.Generate(pcg, null, out _)));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var results = Run(batch, out TimeSpan compile);
            output.WriteLine($"cases {start}..{start + batch.Count - 1}: generated and compiled in {compile.TotalSeconds:F1} s, checked in {(clock.Elapsed - compile).TotalSeconds:F1} s");
            foreach ((NetworkCase c, DifferentialCheck.Outcome outcome, string detail) in results)
            {
                switch (outcome)
                {
                    case DifferentialCheck.Outcome.Agrees: agreed++; break;
                    case DifferentialCheck.Outcome.Ambiguous: ambiguous++; break;
                    default:
                        if (detail.StartsWith("generator", StringComparison.Ordinal) || detail.StartsWith("generated", StringComparison.Ordinal)) refused++;
                        findings.Add(Shrink(c, detail));
                        break;
                }
            }
        }
        string summary = $"{cases} random networks (seed {seed}): {agreed} agree, {ambiguous} ambiguous (a max or ReLU decided within float32 noise), {findings.Count} differ ({refused} refused or not compiling).";
        output.WriteLine(summary);
        output.WriteLine("For example:\n" + string.Join("\n", Enumerable.Range(0, 5).Select(k => NetworkBuilder.Build(Choices.Generate(pcg, null, out _)).ToString())));
        foreach (string finding in findings.Distinct()) output.WriteLine(finding);
        Assert.True(findings.Count == 0, summary + "\nMinimal failing networks:\n" + string.Join("\n\n", findings.Distinct()));
        Assert.True(agreed >= cases * 9 / 10, summary + " Too few cases were decided: the check is not checking.");
    }

    /// <summary>
    /// The random networks are mostly narrower than a Vector512 (16 floats); these are wide enough
    /// for every part of its tiling (4 × Vector512 blocks, single Vector512s, the Vector256 and
    /// Vector128 tails, scalars, packed panels over a partial last block, dot products) and are
    /// checked at every width, Vector512 first. Smooth activations only, so no case is a near tie.
    /// </summary>
    [SkippableFact]
    public void Networks_wide_enough_for_Vector512_agree_with_the_reference_interpreter()
    {
        Skip.IfNot(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated, "Vector512 is not hardware-accelerated here, so there is no Vector512 path to check");
        NetworkCase[] cases =
        [
            new([45], [new DenseCase(100, Activation.Tanh, true), new DenseCase(31, Activation.Tanh, false), new DenseCase(1, Activation.Sigmoid, true)],
                [[100], [31], [1]], LossKind.BinaryCrossEntropy, 7, []),
            new([300], [new DenseCase(77, Activation.Linear, true), new DenseCase(64, Activation.Sigmoid, true), new DenseCase(13, Activation.Softmax, true)],
                [[77], [64], [13]], LossKind.SparseCategoricalCrossEntropy, 9, []),
            new([3, 40], [new DenseCase(16, Activation.Tanh, true), new FlattenCase(), new DenseCase(1, Activation.Linear, true)],
                [[3, 16], [48], [1]], LossKind.MeanSquaredError, 5, []),
        ];
        foreach ((NetworkCase c, DifferentialCheck.Outcome outcome, string detail) in Run(cases, out _))
            Assert.True(outcome == DifferentialCheck.Outcome.Agrees, $"{c}: {outcome} {detail}");
    }

    /// <summary>Compiles the cases as one batch and checks each.</summary>
    internal static List<(NetworkCase Case, DifferentialCheck.Outcome Outcome, string Detail)> Run(IReadOnlyList<NetworkCase> cases, out TimeSpan compile)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var batch = new NetworkBatch(cases);
        compile = clock.Elapsed;
        var results = new List<(NetworkCase, DifferentialCheck.Outcome, string)>();
        for (int i = 0; i < cases.Count; i++)
        {
            if (batch.Refused.TryGetValue(i, out string? why))
            {
                results.Add((cases[i], DifferentialCheck.Outcome.Differs, why));
                continue;
            }
            Model net = batch.Create(i, seed: i)!;
            DifferentialCheck.Outcome outcome;
            string detail;
            try
            {
                outcome = DifferentialCheck.Compare(cases[i], net, seed: 1000 + i, out detail);
            }
            catch (Exception e)
            {
                (outcome, detail) = (DifferentialCheck.Outcome.Differs, "threw " + e.GetType().Name + ": " + e.Message);
            }
            results.Add((cases[i], outcome, detail));
        }
        return results;
    }

    /// <summary>
    /// Greedy shrinking on the random stream, a batch of candidates per round (one compilation):
    /// drop a number, halve it, or zero it; keep the smallest network that still differs, until none does.
    /// </summary>
    private static string Shrink(NetworkCase failing, string detail)
    {
        for (int round = 0; round < 30; round++)
        {
            uint[] c = failing.Choices;
            var candidates = new List<NetworkCase>();
            var seen = new HashSet<string> { failing.ToString() };
            for (int i = 0; i < c.Length; i++)
            {
                foreach (uint[] next in new[] { [.. c[..i], .. c[(i + 1)..]], With(c, i, c[i] / 2), With(c, i, 0), c[..i] })
                {
                    NetworkCase candidate = NetworkBuilder.Build(next);
                    if (candidate.Complexity <= failing.Complexity && seen.Add(candidate.ToString())) candidates.Add(candidate);
                }
            }
            if (candidates.Count == 0) break;
            var smaller = Run(candidates, out _).Where(r => r.Outcome == DifferentialCheck.Outcome.Differs).OrderBy(r => r.Case.Complexity).FirstOrDefault();
            if (smaller.Case is null) break;
            (failing, detail) = (smaller.Case, smaller.Detail);
        }
        return $"{failing}\n  {detail}\n  stream: [{string.Join(", ", failing.Choices)}]";
    }

    private static uint[] With(uint[] values, int index, uint value)
    {
        uint[] copy = (uint[])values.Clone();
        copy[index] = value;
        return copy;
    }
}
