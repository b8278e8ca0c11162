using System.Numerics.Tensors;

namespace Unroll;

/// <summary>
/// Process-wide worker threads, started on first use and shared by all models. A batch is cut
/// into contiguous row ranges, one per thread (the caller's thread takes the first); forward
/// ranges are independent, and each backward range writes its own gradient buffer, which the
/// caller then sums in a fixed order. Nothing is allocated per call: the input is pinned for the
/// duration of the call and the workers read it through a pointer. One model at a time uses the
/// pool; a second caller meanwhile runs on its own thread.
/// </summary>
internal sealed unsafe class WorkerPool
{
    public const int MaxThreads = 8;
    private const int RowAlignment = 4; // ranges start on micro-kernel row blocks

    public static WorkerPool Shared { get; } = new();

    private readonly object _gate = new();
    private readonly List<Thread> _threads = [];
    private readonly List<ManualResetEventSlim> _start = [], _done = [];
    private readonly Exception?[] _errors = new Exception?[MaxThreads];

    // The current job, written before the workers are started and read by them.
    private Model? _model;
    private float* _inputs;
    private int _batch, _parts;
    private bool _training, _backward;
    private float[][] _partials = [];

    private WorkerPool() { }

    /// <summary>Split passes run so far (tests use it to know a batch really was split).</summary>
    public long Runs { get; private set; }

    /// <summary>Runs the forward pass split over <paramref name="threads"/> threads; false if the pool is busy.</summary>
    public bool TryForward(Model model, ReadOnlySpan<float> inputs, int batch, bool training, int threads)
    {
        if (!Monitor.TryEnter(_gate)) return false;
        try
        {
            fixed (float* x = inputs)
            {
                SetJob(model, x, batch, threads, backward: false, training, []);
                Run(default);
            }
            return true;
        }
        finally
        {
            _model = null;
            Monitor.Exit(_gate);
        }
    }

    /// <summary>Runs the backward pass split over threads, summing the ranges' gradients into <paramref name="gradients"/>; false if busy.</summary>
    public bool TryBackward(Model model, ReadOnlySpan<float> inputs, int batch, Span<float> gradients, float[][] partials, int threads)
    {
        if (!Monitor.TryEnter(_gate)) return false;
        try
        {
            fixed (float* x = inputs)
            {
                SetJob(model, x, batch, threads, backward: true, training: true, partials);
                Run(gradients);
            }
            for (int i = 0; i < threads - 1; i++)
                TensorPrimitives.Add(gradients, partials[i], gradients);
            return true;
        }
        finally
        {
            _model = null;
            Monitor.Exit(_gate);
        }
    }

    private void SetJob(Model model, float* inputs, int batch, int threads, bool backward, bool training, float[][] partials)
    {
        while (_threads.Count < threads - 1) StartWorker(_threads.Count + 1);
        _model = model;
        _inputs = inputs;
        (_batch, _parts, _backward, _training, _partials) = (batch, threads, backward, training, partials);
    }

    private void Run(Span<float> gradients)
    {
        Runs++;
        int workers = _parts - 1;
        for (int i = 0; i < workers; i++) _start[i].Set();
        Exception? error = null;
        try
        {
            Execute(0, gradients);
        }
        finally
        {
            for (int i = 0; i < workers; i++)
            {
                _done[i].Wait();
                _done[i].Reset();
                error ??= _errors[i];
                _errors[i] = null;
            }
        }
        if (error is not null) throw new AggregateException("An Unroll worker thread failed.", error);
    }

    private void Execute(int part, Span<float> gradients)
    {
        Model model = _model!;
        int start = Boundary(part), count = Boundary(part + 1) - start;
        var inputs = new ReadOnlySpan<float>(_inputs + (long)start * model.InputSize, count * model.InputSize);
        if (!_backward) { if (count > 0) model.RunForwardRange(inputs, start, count, _training); }
        else if (count > 0) model.RunBackwardRange(inputs, start, count, gradients);
        else gradients.Clear();
    }

    private int Boundary(int part) => part == _parts ? _batch : _batch * part / _parts / RowAlignment * RowAlignment;

    private void StartWorker(int part)
    {
        // Spin before blocking: a training step hands over work every few hundred microseconds.
        var start = new ManualResetEventSlim(false, spinCount: 2047);
        var done = new ManualResetEventSlim(false, spinCount: 2047);
        _start.Add(start);
        _done.Add(done);
        var thread = new Thread(() =>
        {
            // A first hand-shake in which the caller really blocks: the event allocates its lock
            // object then, once, instead of during some later training step.
            Thread.Sleep(5);
            done.Set();
            Work(part, start, done);
        }) { IsBackground = true, Name = $"Unroll worker {part}" };
        _threads.Add(thread);
        thread.Start();
        done.Wait();
        done.Reset();
    }

    private void Work(int part, ManualResetEventSlim start, ManualResetEventSlim done)
    {
        while (true)
        {
            start.Wait();
            start.Reset();
            try
            {
                Execute(part, _backward ? _partials[part - 1] : default);
            }
            catch (Exception e)
            {
                _errors[part - 1] = e;
            }
            done.Set();
        }
    }
}
