using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Unroll.Benchmarks;

// --compare [--quick]: Stopwatch timings in machine-readable lines (used by bench/compare.sh).
// --full: BenchmarkDotNet's default job (long). Otherwise a short job so the suite takes minutes.
// All other arguments (--filter '*Predict*', --list flat, ...) go to BenchmarkDotNet.
if (args.Contains("--compare"))
{
    Compare.Run(quick: args.Contains("--quick"));
    return;
}

bool full = args.Contains("--full");
string[] bdnArgs = args.Where(a => a != "--full").ToArray();
IConfig config = DefaultConfig.Instance;
if (!full)
{
    config = config.AddJob(Job.Default
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(5)
        .WithId("Short"));
}
// Keep BenchmarkDotNet's reports next to this project (not in whatever directory it was run from),
// unless --artifacts was given.
if (!bdnArgs.Contains("--artifacts"))
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Unroll.Benchmarks.csproj")))
        {
            config = config.WithArtifactsPath(Path.Combine(dir.FullName, "BenchmarkDotNet.Artifacts"));
            break;
        }
    }
}
BenchmarkSwitcher.FromAssembly(typeof(PredictBenchmarks).Assembly).Run(bdnArgs, config);
