using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Unroll.Benchmarks;

// --only PREFIX (with --compare or --onnx): only the rows whose workload name starts with PREFIX.
// --compare [--quick]: Stopwatch timings in machine-readable lines (used by bench/compare.sh).
// --onnx DIR [--quick]: the inference rows in ONNX Runtime on DIR/*.onnx (bench/export_onnx.py).
// --kernel-ceiling [--rounds N]: dense1024's forward loops (Vector512, one thread) beside the FMA peak, the same micro-kernel on L1-resident data,
//   and loop variants (A copied or packed per block, whole-K panels), alternating; the bench/README.md "Kernel ceiling" section.
// --prepack: dense1024's forward loops with the weights packed per call (as generated) vs packed once, one and two threads.
// --versus DIR [--only PREFIX]: Unroll and ONNX Runtime on the inference rows in alternating blocks in one process, with per-round ratios
//   (rows ending in _predictor: Unroll through a Predictor, its weight panels packed once).
// --predictor [--only PREFIX]: Model.Predict vs Predictor.Predict (weight panels packed once) on dense1024_fwd_b64 and cnn_predict_1000, alternating.
// --widths [--only PREFIX]: single-sample prediction at each KernelWidth (Widest, Vector128, Scalar), with ratios.
// --peak [--quick]: the machine's Vector256/Vector512 FMA peak, one thread and all threads.
// --phases [--batch N]: where one MNIST training step's time goes (each generated kernel, Adam, loss, gather), one thread.
// --train-phases [--rounds N] [--claims]: a training step's phases and each thread's busy and waiting time, one vs two threads
//   (with --claims: two threads, claimed pieces vs the fixed split) (MNIST b128 Fit, dense1024 b64).
// --bounds: the single-sample MNIST MLP and LSTM step beside the best loops over the same weights and FMAs.
// --latency: where Pima's single-sample call spends its time, piece by piece.
// --gradient-sum: the cost of adding dense1024's per-thread weight gradients (memory-bound).
// --cross-core: what two threads pay to hand each other half of a 220 KB (and 880 KB) buffer every step.
// --subnormals [--rounds N]: Adam's step with ordinary, stopped and tiny gradients (subnormal products cost an assist each).
// --full: BenchmarkDotNet's default job (long). Otherwise a short job so the suite takes minutes.
// All other arguments (--filter '*Predict*', --list flat, ...) go to BenchmarkDotNet.
if (args.Contains("--kernel-ceiling"))
{
    KernelCeiling.Run(Array.IndexOf(args, "--rounds") is int kr and >= 0 ? int.Parse(args[kr + 1]) : 31);
    return;
}
if (args.Contains("--prepack"))
{
    Prepack.Run();
    return;
}
if (args.Contains("--predictor"))
{
    PredictorPredict.Run(OnlyArgument(args));
    return;
}
if (args.Contains("--widths"))
{
    Widths.Run(OnlyArgument(args));
    return;
}
if (args.Contains("--phases"))
{
    Phases.Run(Array.IndexOf(args, "--batch") is int b and >= 0 ? int.Parse(args[b + 1]) : 32);
    return;
}
if (args.Contains("--train-phases"))
{
    TrainPhases.Run(Array.IndexOf(args, "--rounds") is int r and >= 0 ? int.Parse(args[r + 1]) : 5, claims: args.Contains("--claims"));
    return;
}
if (args.Contains("--bounds"))
{
    Bounds.Run();
    return;
}
if (args.Contains("--latency"))
{
    Latency.Run();
    return;
}
if (args.Contains("--panel-reuse"))
{
    PanelReuse.Run();
    return;
}
if (args.Contains("--subnormals"))
{
    SubnormalRegimes.Run(Array.IndexOf(args, "--rounds") is int sr and >= 0 ? int.Parse(args[sr + 1]) : 3);
    return;
}
if (args.Contains("--cross-core"))
{
    CrossCore.Run();
    return;
}
if (args.Contains("--epoch-threads"))
{
    EpochThreads.Run(Array.IndexOf(args, "--rounds") is int r and >= 0 ? int.Parse(args[r + 1]) : 6);
    return;
}
if (args.Contains("--gradient-sum"))
{
    GradientSum.Run();
    return;
}
if (args.Contains("--peak"))
{
    Peak.Run(quick: args.Contains("--quick"));
    return;
}
if (Array.IndexOf(args, "--versus") is int versus and >= 0)
{
    Versus.Run(args[versus + 1], OnlyArgument(args));
    return;
}
if (Array.IndexOf(args, "--onnx") is int onnx and >= 0)
{
    OnnxCompare.Run(args[onnx + 1], quick: args.Contains("--quick"), only: OnlyArgument(args));
    return;
}
if (args.Contains("--compare"))
{
    Compare.Run(quick: args.Contains("--quick"), only: OnlyArgument(args));
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
        // The project directory: above bin/ in a normal build, under bench/ from an artifacts/ build (compare.sh's).
        string project = File.Exists(Path.Combine(dir.FullName, "Unroll.Benchmarks.csproj"))
            ? dir.FullName : Path.Combine(dir.FullName, "bench", "Unroll.Benchmarks");
        if (File.Exists(Path.Combine(project, "Unroll.Benchmarks.csproj")))
        {
            config = config.WithArtifactsPath(Path.Combine(project, "BenchmarkDotNet.Artifacts"));
            break;
        }
    }
}
BenchmarkSwitcher.FromAssembly(typeof(PredictBenchmarks).Assembly).Run(bdnArgs, config);

static string? OnlyArgument(string[] args) => Array.IndexOf(args, "--only") is int i and >= 0 ? args[i + 1] : null;
