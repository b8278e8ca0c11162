using System.Diagnostics;

namespace Unroll;

/// <summary>
/// Timestamps of the phases of training steps, for the benchmarks' <c>--train-phases</c> mode:
/// where a split step's time goes (each phase, each thread's busy time, the waits for the other
/// threads). Off unless <see cref="Current"/> is set; then every gradient step records one row of
/// <see cref="Marks"/> (Stopwatch ticks) until the rows run out. Nothing is allocated while recording.
/// </summary>
internal sealed class StepTimeline(int steps)
{
    /// <summary>The timeline steps are recorded in; null (the default) records nothing.</summary>
    public static StepTimeline? Current { get; set; }

    // A step's marks: the step's own, then per job kind the caller's begin and end and per part
    // (thread) its start, the end of its own rows, the start of its gradient sum (after waiting for
    // every range) and its end.
    public const int BatchBegin = 0, StepBegin = 1, ForwardDone = 2, LossDone = 3, LossGradientDone = 4, BackwardDone = 5, StepEnd = 6;
    private const int StepMarks = 7;
    public const int JobBegin = 0, JobEnd = 1;
    public const int PartStart = 0, PartWorkDone = 1, PartSumBegin = 2, PartEnd = 3;
    private const int PartMarks = 4, JobMarks = 2 + PartMarks * WorkerPool.MaxThreads, JobKinds = 4;
    public const int Width = StepMarks + JobKinds * JobMarks;

    /// <summary>One row of <see cref="Width"/> marks per recorded step (0 where a phase did not run).</summary>
    public long[,] Marks { get; } = new long[steps, Width];

    /// <summary>Steps recorded so far.</summary>
    public int Count { get; private set; }

    public static int JobMark(int kind, int mark) => StepMarks + kind * JobMarks + mark;

    public static int PartMark(int kind, int part, int mark) => JobMark(kind, 2 + part * PartMarks + mark);

    // The row being written: the next one, until the rows run out.
    private int Row => Math.Min(Count, Marks.GetLength(0) - 1);

    /// <summary>Marks the start of a batch in Fit (before its labels are gathered).</summary>
    public static void MarkBatch() => Current?.Mark(BatchBegin);

    public static void MarkStep(int mark) => Current?.Mark(mark);

    public static void MarkJob(int kind, int mark) => Current?.Mark(JobMark(kind, mark));

    public static void MarkPart(int kind, int part, int mark) => Current?.Mark(PartMark(kind, part, mark));

    /// <summary>Marks a part's first claimed piece of a claimed job (later ones keep the first mark).</summary>
    public static void MarkPartOnce(int kind, int part, int mark)
    {
        if (Current is { } timeline && timeline.Count < timeline.Marks.GetLength(0) && timeline.Marks[timeline.Row, PartMark(kind, part, mark)] == 0)
            timeline.Mark(PartMark(kind, part, mark));
    }

    private void Mark(int index)
    {
        if (Count >= Marks.GetLength(0)) return;
        Marks[Row, index] = Stopwatch.GetTimestamp();
    }

    /// <summary>Closes the current step's row (at the end of a gradient step).</summary>
    public static void EndStep()
    {
        if (Current is not { } timeline || timeline.Count >= timeline.Marks.GetLength(0)) return;
        timeline.Marks[timeline.Row, StepEnd] = Stopwatch.GetTimestamp();
        timeline.Count++;
    }
}
