using System.Diagnostics;
using System.Numerics.Tensors;

namespace Unroll;

/// <summary>
/// Process-wide worker threads, started on first use and shared by all models. A job is cut into
/// contiguous ranges, one per thread (the caller's thread takes the first): rows of a batch for
/// the forward and backward passes, slices of the parameter buffer for the optimizer update, or
/// output columns of a network whose only layer is a wide Dense (each thread then reads only its
/// columns of the 4 MB kernel of a 1024 × 1024 Dense, not all of it for its share of the rows).
/// A forward pass of a large batch is instead cut into blocks of <see cref="BlockRows"/> rows
/// (<see cref="TrainingBlockRows"/> in training; the last also takes the rest), and a pass split by
/// columns into <see cref="ColumnPartsPerThread"/> parts per thread, that the threads (the caller's
/// included) claim one at a time from a shared counter, so a thread that starts late, is
/// descheduled or runs on a slower core does less of the batch instead of holding the caller:
/// the caller waits only for blocks that were claimed, never for a worker that claimed none. A row's
/// outputs come from the same code whichever thread runs its block (blocks start on 4-row blocks),
/// and a column's from the code that computes it in the whole product, so predictions keep their
/// bits. What a training forward pass caches for the backward pass (pooling winners, dropout
/// products, LSTM gates and states, patches) is per sample and indexed within its sample, so the
/// backward pass may read it in other ranges than the blocks that wrote it; a batch too small for
/// two blocks per thread keeps the fixed split's ranges, claimed whole.
/// A backward pass has one row range per thread, each writing its own gradient buffer; once every
/// range is done the parameters are summed over the buffers slice by slice in a fixed order, so
/// results depend only on the thread count (and are the bits of a serial sum in that order). Its
/// ranges, the parts of a split weight gradient and the sum's slices are claimed too, in that
/// order (a slice waits for every range and part): which thread runs a piece changes no bit, and
/// a thread that is descheduled leaves its range to another instead of holding the step. A thread
/// that claims a slice takes one of its own share first, so the same slices (and their optimizer
/// state) stay with the same thread step after step. One layer's weight gradient
/// (<see cref="Model.SplitWeightGradient"/>: a wide output layer's, else a large other one's such
/// as the Fashion-MNIST CNN's Dense 5408 → 128) is split by its rows instead, each part reducing
/// over the whole batch straight into the first buffer, so it has no per-thread copies to write
/// and add (for a 1024 × 1024 Dense, 4 MB per thread), the sum skips it, and its bits do not
/// depend on the thread count. An output layer's parts start at once (the loss wrote its g);
/// another layer's wait for every range (each writes its rows of g) and, with the optimizer step
/// fused into the job, apply it to their rows right away (no range reads W any more); the slices
/// update the rest. Nothing is allocated per job: the input is pinned for the job and read
/// through a pointer. Between jobs the workers spin for a while (a training step hands over work
/// every few dozen microseconds) before they sleep. One model at a time uses the pool; another
/// caller waits for it rather than running alone, so a result never depends on what else the
/// process is doing.
/// </summary>
internal sealed unsafe class WorkerPool
{
    public const int MaxThreads = 8;
    private const int RowAlignment = 4;        // row ranges start on micro-kernel row blocks
    private const int ParameterAlignment = 16; // parameter ranges start on 64-byte lines
    // Rows per claimed block of an inference pass: a multiple of RowAlignment, small enough that
    // a late thread leaves little to wait for, large enough that the weights re-read per block cost little.
    internal const int BlockRows = 32;
    // Rows per claimed block of a training forward pass: smaller, since a training batch (128) is
    // small and its panels are packed per call anyway; a block of 32 would leave the faster core
    // idle at the end of a batch of 4 blocks whenever the cores' speeds differ by less than 2×.
    internal const int TrainingBlockRows = 16;
    // Claiming pays when every thread can take a few blocks; a smaller batch keeps the fixed split.
    private const int MinimumBlocksPerThread = 2;
    // A forward pass split by output columns is cut into this many parts per thread, claimed like
    // row blocks: dense1024's 16 Vector512 column panels become 8 parts of 2 on two threads.
    internal const int ColumnPartsPerThread = 4;
    // A claimed backward pass cuts the gradient sum (and the fused update) into this many slices per thread.
    private const int SumSlicesPerThread = 4;
    private static readonly long SpinTicks = Stopwatch.Frequency / 2000; // 0.5 ms

    private enum JobKind { Forward, ForwardColumns, Backward, Update }

    public static WorkerPool Shared { get; } = new();

    private readonly object _gate = new();
    private readonly Worker[] _workers = new Worker[MaxThreads - 1];
    private int _started;

    // The current job: written under the gate before it is assigned, read only by the workers it
    // is assigned to, and left alone until they have all finished.
    private Model? _model;
    private float* _inputs;
    private RowGather _gather;
    private float* _gradients;
    private int _gradientCount;
    private int _arrived; // backward ranges (and split weight gradient parts) finished, before the gradient sum starts
    private int _rangesDone; // backward ranges finished, before a first or middle layer's split weight gradient starts
    private int _splitParts, _sumSlices; // a claimed backward pass's split weight gradient parts and sum slices
    private long _slicesTaken; // bit s: slice s of the sum was taken by a thread that claimed a slice
    private int _size, _parts;
    private int _blockRows; // rows per claimed block of a forward pass; 0: the fixed split's ranges, claimed whole
    private bool _training;
    private JobKind _kind;
    private long _step;
    private float[][] _partials = [];
    private long _job;

    // A claimed job's blocks: the job's tag (high 32 bits), its block count (next 16) and the next
    // block to claim (low 16), in one word so that a worker still in an earlier job cannot claim
    // any of this one's blocks. _finished counts blocks done (or failed); _claimError keeps the first error.
    private long _ticket;
    private int _finished;
    private Exception? _claimError;
    private const int MaxBlocks = 0xFFFF;

    private WorkerPool() { }

    /// <summary>Jobs run so far (tests use it to know a job really was split).</summary>
    public long Runs { get; private set; }

    /// <summary>Of those, passes whose blocks (or ranges, parts and slices) the threads claimed.</summary>
    public long ClaimedRuns { get; private set; }

    /// <summary>Of those, training forward passes claimed in row blocks rather than in the backward pass's ranges.</summary>
    public long TrainingForwardsInBlocks { get; private set; }

    /// <summary>Whether split passes are claimed piece by piece (tests turn it off to compare with the fixed split).</summary>
    internal bool ClaimsBlocks { get; set; } = true;

    /// <summary>
    /// The forward pass split over <paramref name="threads"/> threads; each first copies its rows
    /// into <paramref name="inputs"/> when <paramref name="gather"/> is not empty.
    /// </summary>
    public void Forward(Model model, ReadOnlySpan<float> inputs, int batch, bool training, int threads, RowGather gather)
    {
        Monitor.Enter(_gate);
        try
        {
            fixed (float* x = inputs)
            {
                _inputs = x;
                _training = training;
                _gather = gather;
                // The last block takes the rows past the last full one: a block of 1–3 rows would
                // meet the one-row kernels, not the tail path its rows meet in one range.
                // A training pass caches nothing relative to its rows' start, so its blocks need
                // not be the backward pass's ranges.
                _blockRows = training ? TrainingBlockRows : BlockRows;
                int blocks = batch / _blockRows;
                if (ClaimsBlocks && blocks >= threads * MinimumBlocksPerThread && blocks <= MaxBlocks)
                {
                    if (training) TrainingForwardsInBlocks++;
                    RunClaimed(model, JobKind.Forward, batch, blocks, threads);
                }
                else if (training && ClaimsBlocks)
                {
                    _blockRows = 0; // too few blocks: the fixed split's ranges, claimed whole
                    RunClaimed(model, JobKind.Forward, batch, threads, threads);
                }
                else
                    Run(model, JobKind.Forward, batch, threads, default);
            }
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// The forward pass of a network whose only layer is split by output columns
    /// (<see cref="Model.SplitsForwardByColumns"/>): each thread computes its part of the columns
    /// for the whole batch, reading only those columns of the kernel.
    /// </summary>
    public void ForwardColumns(Model model, ReadOnlySpan<float> inputs, int batch, int threads)
    {
        Monitor.Enter(_gate);
        try
        {
            fixed (float* x = inputs)
            {
                _inputs = x;
                if (ClaimsBlocks) RunClaimed(model, JobKind.ForwardColumns, batch, ColumnPartsPerThread * threads, threads);
                else Run(model, JobKind.ForwardColumns, batch, threads, default);
            }
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// The backward pass split over threads, the ranges' gradients summed into <paramref name="gradients"/>
    /// (the first range's buffer) in part order, each thread summing a slice of the parameters.
    /// With <paramref name="updateStep"/> above 0 each thread then applies that optimizer step to
    /// the same slice (its summed gradient still hot), so the step needs no update job of its own.
    /// </summary>
    public void Backward(Model model, ReadOnlySpan<float> inputs, int batch, Span<float> gradients, float[][] partials, int threads, long updateStep = 0)
    {
        Monitor.Enter(_gate);
        try
        {
            fixed (float* x = inputs)
            fixed (float* g = gradients)
            {
                _inputs = x;
                _partials = partials;
                _gradients = g;
                _gradientCount = gradients.Length;
                _arrived = 0;
                _slicesTaken = 0;
                _rangesDone = 0;
                _step = updateStep;
                if (ClaimsBlocks) RunClaimedBackward(model, batch, threads);
                else Run(model, JobKind.Backward, batch, threads, gradients);
            }
        }
        finally
        {
            Release();
        }
    }

    /// <summary>One optimizer step with the parameter buffer split over threads.</summary>
    public void Update(Model model, int threads)
    {
        Monitor.Enter(_gate);
        try
        {
            _step = model.Optimizer.BeginStep();
            Run(model, JobKind.Update, model.TrainableParameterCount, threads, default);
        }
        finally
        {
            Release();
        }
    }

    private void Release()
    {
        _model = null;
        _gather = default;
        _gradients = null;
        _partials = [];
        Monitor.Exit(_gate);
    }

    private void Run(Model model, JobKind kind, int size, int parts, Span<float> gradients)
    {
        while (_started < parts - 1) _workers[_started] = new Worker(this, ++_started);
        _model = model;
        _kind = kind;
        _size = size;
        _parts = parts;
        Runs++;
        // The job goes to exactly the workers of parts 1 … parts − 1, each through its own
        // assignment; the others never see it. The caller waits for every one of them before it
        // returns (and before the gate lets the next job write the fields above), and takes back
        // only their errors, so nothing of this job reaches another.
        long job = ++_job;
        StepTimeline.MarkJob((int)kind, StepTimeline.JobBegin);
        for (int i = 0; i < parts - 1; i++) _workers[i].Assign(job);

        Exception? error = null;
        try
        {
            Execute(0, gradients);
        }
        finally
        {
            for (int i = 0; i < parts - 1; i++)
                error ??= _workers[i].WaitDone(job);
            StepTimeline.MarkJob((int)kind, StepTimeline.JobEnd);
        }
        if (error is not null) throw new AggregateException("An Unroll worker thread failed.", error);
    }

    // A claimed backward pass: its items are the row ranges (one per thread, each into its own
    // buffer, as in the fixed split), then the parts of the split weight gradient, then the slices
    // of the gradient sum (+ the fused update), which start once every range and part is done.
    private void RunClaimedBackward(Model model, int batch, int threads)
    {
        var split = model.SplitWeightGradient;
        _splitParts = split.Rows > 0 ? Math.Min(ColumnPartsPerThread * threads, split.Rows / RowAlignment) : 0;
        _sumSlices = Math.Min(SumSlicesPerThread * threads, Math.Max(1, _gradientCount / ParameterAlignment));
        // (at most 4 × 8 = 32 slices: one bit each in _slicesTaken)
        RunClaimed(model, JobKind.Backward, batch, threads + _splitParts + _sumSlices, threads);
    }

    // Item <paramref name="item"/> of a claimed training forward pass: a block of _blockRows rows
    // (the last takes the rest), or with too few blocks the fixed split's range, whole. Its rows'
    // caches for the backward pass (pooling winners, dropout products, LSTM gates, patches) are per
    // sample, so the backward pass may read them in other ranges.
    private void RunForwardItem(Model model, int item, int blocks, int part)
    {
        StepTimeline.MarkPartOnce((int)JobKind.Forward, part, StepTimeline.PartStart);
        int start = _blockRows > 0 ? item * _blockRows : Split(item, _parts, _size, RowAlignment);
        int end = _blockRows > 0 ? (item == blocks - 1 ? _size : start + _blockRows) : Split(item + 1, _parts, _size, RowAlignment);
        int count = end - start;
        if (count > 0)
        {
            _gather.Copy(start, count, model.InputSize);
            model.RunForwardRange(Rows(model, start, count), start, count, training: true);
            _gather.PrefetchNext(_size, start, count, model.InputSize);
        }
        StepTimeline.MarkPart((int)JobKind.Forward, part, StepTimeline.PartEnd);
    }

    // Item <paramref name="item"/> of a claimed backward pass (<see cref="RunClaimedBackward"/>).
    // Every item writes only what the fixed split's part would, so the bits are the fixed split's.
    private void RunBackwardItem(Model model, int item, int part)
    {
        int ranges = _parts, split = _splitParts;
        StepTimeline.MarkPartOnce((int)JobKind.Backward, part, StepTimeline.PartStart);
        if (item < ranges + split)
        {
            try
            {
                if (item < ranges)
                {
                    try
                    {
                        int start = Split(item, ranges, _size, RowAlignment), count = Split(item + 1, ranges, _size, RowAlignment) - start;
                        // Range 0 always has rows (a split batch has 32+), so no clear wipes the split weight gradient's rows.
                        Span<float> gradients = item == 0 ? new Span<float>(_gradients, _gradientCount) : _partials[item - 1];
                        if (count > 0) model.RunBackwardRange(Rows(model, start, count), start, count, gradients);
                        else gradients.Clear();
                    }
                    finally
                    {
                        Interlocked.Increment(ref _rangesDone); // also on failure, so no part waits forever
                    }
                }
                else
                {
                    var weights = model.SplitWeightGradient;
                    int rows = item - ranges;
                    SplitWeightGradientRows(model, Split(rows, split, weights.Rows, RowAlignment), Split(rows + 1, split, weights.Rows, RowAlignment));
                }
            }
            finally
            {
                StepTimeline.MarkPart((int)JobKind.Backward, part, StepTimeline.PartWorkDone);
                Interlocked.Increment(ref _arrived); // also on failure, so no slice waits forever
            }
            StepTimeline.MarkPart((int)JobKind.Backward, part, StepTimeline.PartEnd);
            return;
        }
        // A slice is claimed only after every range and part was: each is being run and will arrive.
        WaitFor(ref _arrived, ranges + split);
        StepTimeline.MarkPartOnce((int)JobKind.Backward, part, StepTimeline.PartSumBegin);
        int slice = TakeSlice(part);
        SumSlice(Split(slice, _sumSlices, _gradientCount, ParameterAlignment), Split(slice + 1, _sumSlices, _gradientCount, ParameterAlignment));
        StepTimeline.MarkPart((int)JobKind.Backward, part, StepTimeline.PartEnd);
    }

    // A thread that claimed a slice of the sum takes one of its own share first (part p's
    // [p·n/threads, (p+1)·n/threads)), then another's from the end: the same slices go to the same
    // thread step after step while the threads keep pace, so their optimizer state (Adam's m and v,
    // 8 bytes per parameter) and weights stay in its core's cache instead of moving between cores.
    // Every slice is summed and updated element by element, so who takes which changes no bit.
    private int TakeSlice(int part)
    {
        int n = _sumSlices, first = Split(part, _parts, n, 1), end = Split(part + 1, _parts, n, 1);
        for (int slice = first; slice < end; slice++)
            if (TryTake(slice)) return slice;
        for (int slice = n - 1; slice >= 0; slice--)
            if ((slice < first || slice >= end) && TryTake(slice)) return slice;
        throw new InvalidOperationException("A slice was claimed but none was left."); // one claim per slice: never
    }

    private bool TryTake(int slice)
    {
        long bit = 1L << slice, taken = Volatile.Read(ref _slicesTaken);
        while ((taken & bit) == 0)
        {
            long seen = Interlocked.CompareExchange(ref _slicesTaken, taken | bit, taken);
            if (seen == taken) return true;
            taken = seen;
        }
        return false;
    }

    // The claimed forward pass (row blocks, or column parts): the workers of parts 1 … threads − 1 and the caller take blocks
    // until none is left; the caller then waits until every claimed block is done. A worker that
    // comes late finds no block of this job (the tag in the ticket has moved on) and touches none
    // of its fields, so the caller need not wait for it.
    private void RunClaimed(Model model, JobKind kind, int size, int blocks, int threads)
    {
        while (_started < threads - 1) _workers[_started] = new Worker(this, ++_started);
        _model = model;
        _kind = kind;
        _size = size;
        _parts = threads;
        Runs++;
        ClaimedRuns++;
        long job = ++_job;
        StepTimeline.MarkJob((int)kind, StepTimeline.JobBegin);
        _finished = 0;
        _claimError = null;
        // The exchange publishes the fields above before any thread can claim a block.
        Interlocked.Exchange(ref _ticket, ((job & 0xFFFFFFFF) << 32) | ((long)blocks << 16));
        for (int i = 0; i < threads - 1; i++) _workers[i].Assign(job, claims: true);

        int claimed;
        try
        {
            ClaimBlocks(job, part: 0, caller: true);
        }
        finally
        {
            // Close the job (after a failure blocks may be left) and wait for every block claimed.
            claimed = Math.Min((int)(Interlocked.Exchange(ref _ticket, 0) & 0xFFFF), blocks);
            var spinner = new SpinWait();
            while (Volatile.Read(ref _finished) < claimed) spinner.SpinOnce(sleep1Threshold: -1);
            StepTimeline.MarkJob((int)kind, StepTimeline.JobEnd);
        }
        Exception? error = _claimError;
        _claimError = null;
        if (error is not null) throw new AggregateException("An Unroll worker thread failed.", error);
    }

    // Claims and runs blocks of the claimed job tagged by job until none is left. Reads the job's
    // fields only after a claim succeeded, while the caller waits for that block.
    // The caller's own error is rethrown as it is (as in a fixed split); a worker's is kept for the caller.
    private void ClaimBlocks(long job, int part, bool caller = false)
    {
        long tag = job & 0xFFFFFFFF;
        while (true)
        {
            long ticket = Volatile.Read(ref _ticket);
            int next = (int)(ticket & 0xFFFF), blocks = (int)((ticket >> 16) & 0xFFFF);
            if ((ticket >>> 32) != tag || next >= blocks) return;
            if (Interlocked.CompareExchange(ref _ticket, ticket + 1, ticket) != ticket) continue;
            try
            {
                Model model = _model!;
                if (_kind == JobKind.Backward)
                    RunBackwardItem(model, next, part);
                else if (_kind == JobKind.ForwardColumns)
                    model.RunForwardColumns(Rows(model, 0, _size), _size, next, blocks);
                else if (_training)
                    RunForwardItem(model, next, blocks, part);
                else
                {
                    int start = next * _blockRows, count = next == blocks - 1 ? _size - start : _blockRows;
                    _gather.Copy(start, count, model.InputSize);
                    model.RunForwardRange(Rows(model, start, count), start, count, training: false);
                }
            }
            catch (Exception e) when (!caller)
            {
                Interlocked.CompareExchange(ref _claimError, e, null);
                return; // finally still counts the block
            }
            finally
            {
                Interlocked.Increment(ref _finished);
            }
        }
    }

    private void Execute(int part, Span<float> gradients)
    {
        Model model = _model!;
        int alignment = _kind == JobKind.Update ? ParameterAlignment : RowAlignment;
        int start = Boundary(part, _size, alignment), count = Boundary(part + 1, _size, alignment) - start;
        StepTimeline.MarkPart((int)_kind, part, StepTimeline.PartStart);
        switch (_kind)
        {
            case JobKind.Forward:
                if (count > 0)
                {
                    _gather.Copy(start, count, model.InputSize);
                    model.RunForwardRange(Rows(model, start, count), start, count, _training);
                    _gather.PrefetchNext(_size, start, count, model.InputSize);
                }
                break;
            case JobKind.ForwardColumns:
                model.RunForwardColumns(Rows(model, 0, _size), _size, part, _parts);
                break;
            case JobKind.Backward:
                try
                {
                    try
                    {
                        // Part 0 always has rows (a split batch has 32+), so no clear wipes another part's dW rows.
                        if (count > 0) model.RunBackwardRange(Rows(model, start, count), start, count, gradients);
                        else gradients.Clear();
                    }
                    finally
                    {
                        Interlocked.Increment(ref _rangesDone); // also on failure, so no part waits forever
                    }
                    var split = model.SplitWeightGradient;
                    if (split.Rows > 0)
                        SplitWeightGradientRows(model, Boundary(part, split.Rows, RowAlignment), Boundary(part + 1, split.Rows, RowAlignment));
                }
                finally
                {
                    StepTimeline.MarkPart((int)_kind, part, StepTimeline.PartWorkDone);
                    Interlocked.Increment(ref _arrived); // also on failure, so no thread waits forever
                }
                SumGradients(part);
                break;
            case JobKind.Update:
                if (count > 0) model.Optimizer.UpdateRange(model.TrainableParameters, model.Gradients, start, count, _step);
                break;
        }
        StepTimeline.MarkPart((int)_kind, part, StepTimeline.PartEnd);
    }

    // Rows [rowStart, rowEnd) of the split weight gradient over the whole batch, straight into the
    // first buffer (the sum skips them), once their g is complete; then, with a fused update, when
    // every range is done (none reads W for its dx any more), their optimizer step while they are
    // hot, so they are read and written by this thread alone. An output layer's parts run beside
    // the ranges, whose dx reads W: the slices update its rows after every range and part.
    private void SplitWeightGradientRows(Model model, int rowStart, int rowEnd)
    {
        if (rowEnd <= rowStart) return;
        // A first or middle layer's g comes from every range: each was claimed before this part, so each is being run.
        bool afterRanges = model.SplitWeightGradientWaitsForRanges;
        if (afterRanges) WaitFor(ref _rangesDone, _parts);
        var gradients = new Span<float>(_gradients, _gradientCount);
        model.RunWeightGradientRange(Rows(model, 0, _size), _size, rowStart, rowEnd, gradients);
        var split = model.SplitWeightGradient;
        if (_step > 0 && afterRanges) model.Optimizer.UpdateRange(model.TrainableParameters, gradients, split.Offset + rowStart * split.Columns, (rowEnd - rowStart) * split.Columns, _step);
    }

    private static void WaitFor(ref int counter, int count)
    {
        var spinner = new SpinWait();
        while (Volatile.Read(ref counter) < count) spinner.SpinOnce(sleep1Threshold: -1);
    }

    // Once every range's gradient is complete, part p adds the other buffers into its slice of the
    // first, in part order: each element sees the additions a serial sum would make.
    // The slices are those of the update job, so a fused update (_step > 0) gives its bits.
    private void SumGradients(int part)
    {
        WaitFor(ref _arrived, _parts);
        StepTimeline.MarkPart((int)JobKind.Backward, part, StepTimeline.PartSumBegin);
        SumSlice(Boundary(part, _gradientCount, ParameterAlignment), Boundary(part + 1, _gradientCount, ParameterAlignment));
    }

    // Parameters [start, end): the other buffers added into the first in range order, then the
    // fused update, if any. Element by element, so the bits do not depend on how the slices are cut.
    private void SumSlice(int start, int end)
    {
        if (end <= start) return;
        // The split weight gradient is complete in the first buffer already: only the rest is added.
        // Its rows were updated by their parts if those waited for the ranges, else they are here.
        var split = _model!.SplitWeightGradient;
        int skipStart = split.Offset, skipEnd = split.Offset + split.Rows * split.Columns;
        AddPartials(start, Math.Min(end, skipStart));
        AddPartials(Math.Max(start, skipEnd), end);
        if (_step == 0) return;
        if (!_model.SplitWeightGradientWaitsForRanges) skipEnd = skipStart;
        Update(start, Math.Min(end, skipStart));
        Update(Math.Max(start, skipEnd), end);
    }

    private void AddPartials(int start, int end)
    {
        if (end <= start) return;
        var sum = new Span<float>(_gradients + start, end - start);
        for (int i = 0; i < _parts - 1; i++)
            TensorPrimitives.Add(sum, _partials[i].AsSpan(start, end - start), sum);
    }

    private void Update(int start, int end)
    {
        if (end > start) _model!.Optimizer.UpdateRange(_model.TrainableParameters, new ReadOnlySpan<float>(_gradients, _gradientCount), start, end - start, _step);
    }

    private ReadOnlySpan<float> Rows(Model model, int start, int count)
        => new(_inputs + (long)start * model.InputSize, count * model.InputSize);

    private int Boundary(int part, int size, int alignment) => Split(part, _parts, size, alignment);

    // Where part <paramref name="part"/> of <paramref name="parts"/> starts in [0, size), on a multiple of alignment.
    private static int Split(int part, int parts, int size, int alignment)
        => part == parts ? size : (int)((long)size * part / parts / alignment * alignment);

    /// <summary>
    /// One worker thread: waits for a job assigned to it alone (spinning for a while, then asleep
    /// on an event), runs its part, and reports it done with its own error, if any.
    /// </summary>
    private sealed class Worker
    {
        private readonly WorkerPool _pool;
        private readonly int _part;
        private readonly ManualResetEventSlim _wake = new(false);
        private long _assigned;  // the last job handed to this worker, × 2, + 1 for a claimed job
        private long _done;      // the last job this worker finished
        private int _sleeping;   // 1 while blocked on _wake
        private Exception? _error;

        public Worker(WorkerPool pool, int part)
        {
            _pool = pool;
            _part = part;
            new Thread(Loop) { IsBackground = true, Name = $"Unroll worker {part}" }.Start();
        }

        public void Assign(long job, bool claims = false)
        {
            // Interlocked on both sides: either the worker sees its new assignment before it
            // sleeps, or this sees that it sleeps and sets the event. No wake-up is lost. The
            // exchange also publishes the job's fields, written before it.
            // A claimed job is flagged in the assignment itself: a worker reads no field to know it.
            Interlocked.Exchange(ref _assigned, job * 2 + (claims ? 1 : 0));
            if (Interlocked.CompareExchange(ref _sleeping, 0, 0) == 1) _wake.Set();
        }

        public Exception? WaitDone(long job)
        {
            var spinner = new SpinWait();
            while (Volatile.Read(ref _done) < job) spinner.SpinOnce(sleep1Threshold: -1);
            Exception? error = _error;
            _error = null;
            return error;
        }

        private void Loop()
        {
            long seen = 0;
            while (true)
            {
                long assigned = WaitForJob(seen);
                seen = assigned;
                long job = assigned / 2;
                if (assigned % 2 == 1)
                {
                    // Its errors go to the job (ClaimBlocks); nobody waits for _done of a claimed job.
                    _pool.ClaimBlocks(job, _part);
                    Volatile.Write(ref _done, job);
                    continue;
                }
                try
                {
                    _pool.Execute(_part, _pool._kind == JobKind.Backward ? _pool._partials[_part - 1] : default);
                }
                catch (Exception e)
                {
                    _error = e;
                }
                Volatile.Write(ref _done, job);
            }
        }

        private long WaitForJob(long seen)
        {
            long spinUntil = Stopwatch.GetTimestamp() + SpinTicks;
            while (true)
            {
                long job = Interlocked.Read(ref _assigned);
                if (job != seen) return job;
                if (Stopwatch.GetTimestamp() < spinUntil)
                {
                    Thread.SpinWait(32);
                    continue;
                }
                _wake.Reset();
                Interlocked.Exchange(ref _sleeping, 1);
                if (Interlocked.Read(ref _assigned) == seen) _wake.Wait();
                Interlocked.Exchange(ref _sleeping, 0);
                spinUntil = Stopwatch.GetTimestamp() + SpinTicks;
            }
        }
    }
}
