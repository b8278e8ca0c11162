using Unroll.Tests.Networks;

namespace Unroll.Tests.Numerics;

/// <summary>
/// The step timeline the benchmarks' --train-phases mode reads, and the next batch's prefetch that
/// moved from before the step into the split forward pass.
/// </summary>
[Collection(SerialCollection.Name)]
public class TrainingTimelineTests
{
    private static (float[] X, float[] Y) Data(Model net, int samples)
    {
        var random = new SeededRandom(31);
        return (GradientCheckTests.RandomArray(random, samples * net.InputSize, 1), GradientCheckTests.RandomArray(random, samples * net.OutputSize, 1));
    }

    [Fact]
    public void A_split_fit_step_stamps_every_phase_and_every_thread_in_order()
    {
        var net = new UpdateNet(seed: 3) { Threads = 2 };
        net.Compile(new Adam(), Loss.MeanSquaredError);
        var (x, y) = Data(net, 256);
        var timeline = new StepTimeline(steps: 8);
        StepTimeline.Current = timeline;
        try
        {
            net.Fit(x, y, epochs: 1, batchSize: 64, verbose: 0, seed: 2);
        }
        finally
        {
            StepTimeline.Current = null;
        }
        Assert.Equal(4, timeline.Count);
        const int forward = 0, backward = 2;
        for (int s = 0; s < timeline.Count; s++)
        {
            long Mark(int index) => timeline.Marks[s, index];
            long[] order =
            [
                Mark(StepTimeline.BatchBegin), Mark(StepTimeline.StepBegin),
                Mark(StepTimeline.JobMark(forward, StepTimeline.JobBegin)), Mark(StepTimeline.JobMark(forward, StepTimeline.JobEnd)),
                Mark(StepTimeline.ForwardDone), Mark(StepTimeline.LossDone), Mark(StepTimeline.LossGradientDone),
                Mark(StepTimeline.JobMark(backward, StepTimeline.JobBegin)), Mark(StepTimeline.JobMark(backward, StepTimeline.JobEnd)),
                Mark(StepTimeline.BackwardDone), Mark(StepTimeline.StepEnd),
            ];
            Assert.All(order, m => Assert.NotEqual(0, m));
            Assert.Equal(order.Order(), order);
            for (int part = 0; part < 2; part++)
            {
                // The passes are claimed: a thread stamps what it took (the caller at least one
                // piece), its first piece's start, its last range's end, its first slice's start, its last piece's end.
                long[] marks = [.. new[] { StepTimeline.PartStart, StepTimeline.PartWorkDone, StepTimeline.PartSumBegin, StepTimeline.PartEnd }
                    .Select(m => Mark(StepTimeline.PartMark(backward, part, m))).Where(m => m != 0)];
                Assert.Equal(marks.Order(), marks);
                if (part == 0) Assert.True(marks.Length >= 2, $"step {s}: the caller ran no piece");
                long forwardStart = Mark(StepTimeline.PartMark(forward, part, StepTimeline.PartStart));
                long forwardEnd = Mark(StepTimeline.PartMark(forward, part, StepTimeline.PartEnd));
                Assert.True(forwardStart <= forwardEnd && (part > 0 || forwardStart > 0), $"step {s}, part {part}: forward {forwardStart}..{forwardEnd}");
            }
            Assert.Equal(0, Mark(StepTimeline.PartMark(backward, 2, StepTimeline.PartStart))); // no third thread
        }
    }

    [Fact]
    public void Without_a_timeline_nothing_is_recorded_and_a_full_one_stops()
    {
        var net = new UpdateNet(seed: 3) { Threads = 2 };
        net.Compile(new Sgd(), Loss.MeanSquaredError);
        var (x, y) = Data(net, 64);
        var timeline = new StepTimeline(steps: 2);
        net.ComputeGradients(x, y); // no timeline set
        StepTimeline.Current = timeline;
        try
        {
            for (int i = 0; i < 3; i++) net.ComputeGradients(x, y);
        }
        finally
        {
            StepTimeline.Current = null;
        }
        Assert.Equal(2, timeline.Count);
    }

    // The next batch's rows are prefetched by the forward pass, each thread its share: the shares
    // past the end of the order (the last batch of an epoch) read no index outside it.
    [Fact]
    public void The_next_batch_prefetch_stops_at_the_end_of_the_order()
    {
        const int rows = 10, rowSize = 40;
        float[] source = new float[rows * rowSize];
        int[] order = Enumerable.Range(0, rows).Reverse().ToArray();
        var gather = new RowGather(source, order, first: 4, new float[4 * rowSize]);
        Assert.Null(Record.Exception(() =>
        {
            gather.PrefetchNext(batch: 4, start: 0, count: 4, rowSize); // rows 8, 9 of the order, then its end
            gather.PrefetchNext(batch: 4, start: 4, count: 4, rowSize); // past the end: nothing
            new RowGather(source, order, first: 8, new float[2 * rowSize]).PrefetchNext(batch: 2, start: 0, count: 2, rowSize);
        }));
        // An order index past the end would be read without the clamp: a batch of 6 from 4 asks for 10..15.
        Assert.Null(Record.Exception(() => gather.PrefetchNext(batch: 6, start: 0, count: 6, rowSize)));
    }
}
