using System.Diagnostics;

namespace Unroll.Benchmarks;

/// <summary>
/// <c>--train-phases [--rounds N] [--claims]</c>: where a training step's time goes on one thread and on two
/// (with --claims: on two threads, pieces claimed vs the fixed split), in one process, rounds alternating between the two: an MNIST MLP Fit epoch at batch 128 (Adam,
/// shuffled), the Fashion-MNIST CNN's Fit epoch of 3 200 samples at batch 32 and dense1024's forward +
/// backward at batch 64 (ComputeGradients). The runtime's
/// <see cref="StepTimeline"/> stamps every phase of every step: the forward job, the loss and its
/// gradient (serial), the backward job with, per thread, the row ranges it claimed, its wait for
/// the other ranges, and the slices of the gradient sum (+ the fused optimizer step) it claimed,
/// the hand-over (a worker's first piece after the job's start) and the caller's wait at the end
/// of a job. A thread that claimed no piece of a kind has no figure for it in that step. Each figure is
/// the median and the mean over all steps of all rounds, in microseconds of wall time: the means
/// add up to the step, the medians show the typical step on a machine whose neighbours take cores.
/// </summary>
internal static class TrainPhases
{
    private const int Forward = 0, ForwardColumns = 1, Backward = 2, Update = 3; // WorkerPool's job kinds
    private const int NextBatch = StepTimeline.Width;

    // The two sides of a table: one thread and two, or (--claims) two threads with the pieces claimed and with the fixed split.
    private static (string Name, Action<Model> Set)[] _sides = [];

    public static void Run(int rounds, bool claims = false)
    {
        _sides = claims
            ? [("claimed", net => { net.Threads = 2; WorkerPool.Shared.ClaimsBlocks = true; }), ("fixed split", net => { net.Threads = 2; WorkerPool.Shared.ClaimsBlocks = false; })]
            : [("1 thread", net => net.Threads = 1), ("2 threads", net => net.Threads = 2)];
        Console.WriteLine($"# Training step phases, {_sides[0].Name} vs {_sides[1].Name}, {rounds} alternating rounds in one process; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"# us per step: median / mean over all steps; ratio = mean ({_sides[0].Name}) / mean ({_sides[1].Name})");

        var mnist = Workloads.NewMnist();
        var (mx, my) = Workloads.SyntheticMnist();
        const int batch = 128;
        int steps = (Workloads.MnistSamples + batch - 1) / batch;
        Measure("mnist_epoch_b128 (Fit, Adam, shuffled)", mnist, steps, rounds, () => Workloads.Epoch(mnist, mx, my, batch), fit: true);

        var cnn = Workloads.NewCnn();
        var (cx, cy) = Workloads.SyntheticMnist(3200);
        int cnnSteps = 3200 / Workloads.CnnBatch;
        Measure($"cnn_epoch_b{Workloads.CnnBatch} (Fit, Adam, shuffled, 3 200 samples)", cnn, cnnSteps, rounds, () => Workloads.Epoch(cnn, cx, cy, Workloads.CnnBatch), fit: true);

        var dense = Workloads.NewDense();
        var (dx, dy) = Workloads.DenseBatchData();
        const int calls = 400;
        Measure("dense1024_fwdbwd_b64 (ComputeGradients)", dense, calls, rounds, () =>
        {
            for (int i = 0; i < calls; i++) dense.ComputeGradients(dx, dy);
        }, fit: false);
    }

    private static void Measure(string name, Model net, int steps, int rounds, Action round, bool fit)
    {
        var recorded = new List<long[]>[] { [], [] };
        for (int r = -1; r < rounds; r++)
            for (int side = 0; side < 2; side++)
            {
                _sides[side].Set(net);
                var timeline = new StepTimeline(steps);
                StepTimeline.Current = timeline;
                round();
                StepTimeline.Current = null;
                if (r < 0) continue; // warm-up round
                for (int s = 0; s < timeline.Count; s++)
                {
                    // One more mark: the next batch's begin, so that a Fit step's whole period is known.
                    var row = new long[NextBatch + 1];
                    for (int m = 0; m < StepTimeline.Width; m++) row[m] = timeline.Marks[s, m];
                    if (s + 1 < timeline.Count) row[NextBatch] = timeline.Marks[s + 1, StepTimeline.BatchBegin];
                    recorded[side].Add(row);
                }
            }
        net.Threads = 1;
        WorkerPool.Shared.ClaimsBlocks = true;

        Console.WriteLine();
        Console.WriteLine($"## {name}: {recorded[0].Count} + {recorded[1].Count} steps");
        Console.WriteLine($"{"phase",-62}{_sides[0].Name,18}{_sides[1].Name,18}{"ratio",8}");
        void Line(string phase, Func<long[], double?> span)
        {
            var one = Stats(recorded[0], span);
            var two = Stats(recorded[1], span);
            if (one is null && two is null) return;
            string Cell((double Median, double Mean)? s) => s is { } v ? $"{v.Median,8:F1} / {v.Mean,7:F1}" : $"{"-",18}";
            string ratio = one is { } a && two is { } b && b.Mean > 0 ? $"{a.Mean / b.Mean,8:F2}" : "";
            Console.WriteLine($"{phase,-62}{Cell(one),18}{Cell(two),18}{ratio}");
        }

        if (fit)
        {
            // Batch to batch: everything Fit does per step, including the bookkeeping after it.
            Line("batch to next batch (Fit's whole step)", m => Us(m, StepTimeline.BatchBegin, NextBatch));
            Line("step (GradientStep: forward .. optimizer)", m => Us(m, StepTimeline.StepBegin, StepTimeline.StepEnd));
            Line("  labels gathered + next rows prefetched (before the step)", m => Us(m, StepTimeline.BatchBegin, StepTimeline.StepBegin));
        }
        else Line("step (ComputeGradients' forward .. backward)", m => Us(m, StepTimeline.StepBegin, StepTimeline.StepEnd));
        Line("  forward", m => Us(m, StepTimeline.StepBegin, StepTimeline.ForwardDone));
        foreach (int kind in new[] { Forward, ForwardColumns })
        {
            string label = kind == Forward ? "forward job (rows)" : "forward job (claimed column parts)";
            Line($"    before the job (checks, PrepareForward)", m => Has(m, kind) ? Us(m, StepTimeline.StepBegin, StepTimeline.JobMark(kind, StepTimeline.JobBegin)) : null);
            Line($"    {label}", m => Us(m, StepTimeline.JobMark(kind, StepTimeline.JobBegin), StepTimeline.JobMark(kind, StepTimeline.JobEnd)));
            if (kind == Forward) Parts(Line, kind);
        }
        Line("  loss (serial)", m => Us(m, StepTimeline.ForwardDone, StepTimeline.LossDone));
        Line("  loss gradient (serial)", m => Us(m, StepTimeline.LossDone, StepTimeline.LossGradientDone));
        Line("  backward", m => Us(m, StepTimeline.LossGradientDone, StepTimeline.BackwardDone));
        Line("    before the job (PrepareBackward: transposes)", m => Has(m, Backward) ? Us(m, StepTimeline.LossGradientDone, StepTimeline.JobMark(Backward, StepTimeline.JobBegin)) : null);
        Line("    backward job (+ gradient sum + fused optimizer)", m => Us(m, StepTimeline.JobMark(Backward, StepTimeline.JobBegin), StepTimeline.JobMark(Backward, StepTimeline.JobEnd)));
        Parts(Line, Backward);
        Line("  after backward (separate optimizer step, if any)", m => Us(m, StepTimeline.BackwardDone, StepTimeline.StepEnd));
        Line("    of which an update job", m => Us(m, StepTimeline.JobMark(Update, StepTimeline.JobBegin), StepTimeline.JobMark(Update, StepTimeline.JobEnd)));
        if (fit) Line("  after the step (loss and metric sums, progress)", m => Us(m, StepTimeline.StepEnd, NextBatch));
    }

    private static void Parts(Action<string, Func<long[], double?>> line, int kind)
    {
        for (int part = 0; part < 2; part++)
        {
            int p = part;
            string who = p == 0 ? "caller" : "worker";
            if (p > 0)
                line($"      hand-over: {who} starts after the job begins", m => Us(m, StepTimeline.JobMark(kind, StepTimeline.JobBegin), StepTimeline.PartMark(kind, p, StepTimeline.PartStart)));
            if (kind == Backward)
            {
                line($"      {who}: its ranges' backward (first piece .. last range)", m => Us(m, StepTimeline.PartMark(kind, p, StepTimeline.PartStart), StepTimeline.PartMark(kind, p, StepTimeline.PartWorkDone)));
                line($"      {who}: waits for the other ranges (if it sums)", m => Us(m, StepTimeline.PartMark(kind, p, StepTimeline.PartWorkDone), StepTimeline.PartMark(kind, p, StepTimeline.PartSumBegin)));
                line($"      {who}: its slices of the sum (+ optimizer)", m => Us(m, StepTimeline.PartMark(kind, p, StepTimeline.PartSumBegin), StepTimeline.PartMark(kind, p, StepTimeline.PartEnd)));
            }
            else line($"      {who}: its rows (busy)", m => Us(m, StepTimeline.PartMark(kind, p, StepTimeline.PartStart), StepTimeline.PartMark(kind, p, StepTimeline.PartEnd)));
        }
        line("      caller waits for the worker at the end", m => Us(m, StepTimeline.PartMark(kind, 0, StepTimeline.PartEnd), StepTimeline.JobMark(kind, StepTimeline.JobEnd)));
    }

    private static bool Has(long[] m, int kind) => m[StepTimeline.JobMark(kind, StepTimeline.JobBegin)] != 0;

    private static double? Us(long[] m, int from, int to)
        => m[from] == 0 || m[to] == 0 ? null : (m[to] - m[from]) * 1e6 / Stopwatch.Frequency;

    private static (double Median, double Mean)? Stats(List<long[]> rows, Func<long[], double?> span)
    {
        var values = new List<double>();
        foreach (long[] m in rows)
            if (span(m) is double v) values.Add(v);
        if (values.Count == 0) return null;
        values.Sort();
        return (values[values.Count / 2], values.Average());
    }
}
