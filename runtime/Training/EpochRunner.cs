namespace Unroll;

/// <summary>
/// One Fit call's training state: sample order, batch buffers, running sums. Everything is
/// allocated in the constructor, so <see cref="RunEpoch"/> allocates nothing.
/// </summary>
internal sealed class EpochRunner
{
    private readonly Model _model;
    private readonly float[] _inputs, _labels;
    private readonly int[] _order;
    private readonly float[] _batchInputs, _batchLabels;
    private readonly int _batchSize, _labelSize;
    private readonly bool _shuffle;
    private readonly SeededRandom _random;

    public EpochRunner(Model model, float[] inputs, float[] labels, int trainSamples, int batchSize, bool shuffle, SeededRandom random)
    {
        _model = model;
        _inputs = inputs;
        _labels = labels;
        _batchSize = batchSize;
        _labelSize = model.Loss.LabelSize(model.OutputSize, model.OutputClasses);
        _shuffle = shuffle;
        _random = random;
        _order = new int[trainSamples];
        for (int i = 0; i < trainSamples; i++) _order[i] = i;
        // Sized by the caller's min(batch, samples): a batch size past the data costs nothing.
        _batchInputs = new float[checked(batchSize * model.InputSize)];
        _batchLabels = new float[checked(batchSize * _labelSize)];
        Totals = new double[1 + model.Metrics.Count];
        model.Reserve(batchSize);
    }

    public int Steps => (_order.Length + _batchSize - 1) / _batchSize;

    /// <summary>Running means of loss and metrics over the epoch so far: loss first, then the metrics in order.</summary>
    public double[] Totals { get; }

    public int SamplesSeen { get; private set; }

    /// <summary>The steps the last epoch ran: all of <see cref="Steps"/> unless training was stopped in it.</summary>
    public int StepsRun => (SamplesSeen + _batchSize - 1) / _batchSize;

    /// <summary>Told once, at the first step whose loss is not finite: (epoch, batch, loss).</summary>
    public Action<int, int, float>? NonFiniteLoss { get; set; }

    private bool _nonFiniteSeen;

    /// <summary>
    /// Trains epoch <paramref name="epoch"/> (from 1); <paramref name="progress"/> and
    /// <paramref name="callbacks"/> are told after every step. Stops after the step at which
    /// <see cref="Model.StopTraining"/> became true, as Keras does.
    /// </summary>
    public void RunEpoch(int epoch, ProgressPrinter? progress, CallbackList? callbacks = null)
    {
        Array.Clear(Totals);
        SamplesSeen = 0;
        if (_shuffle)
        {
            // Each epoch permutes 0..n-1 afresh, so the order depends only on the generator's
            // state: a model saved and loaded between epochs resumes with the same batches.
            for (int i = 0; i < _order.Length; i++) _order[i] = i;
            _random.Shuffle(_order);
        }
        int inputSize = _model.InputSize, outputSize = _model.OutputSize, classes = _model.OutputClasses;
        IReadOnlyList<Metric> metrics = _model.Metrics;
        for (int start = 0, step = 1; start < _order.Length; start += _batchSize, step++)
        {
            callbacks?.BatchBegin(step - 1);
            StepTimeline.MarkBatch();
            int batch = Math.Min(_batchSize, _order.Length - start);
            ReadOnlySpan<float> x, y;
            RowGather gather = default;
            if (_shuffle)
            {
                // The labels are gathered here; the input rows (most of the bytes) by the forward
                // pass, each thread its own rows, after which it prefetches its rows of the next batch.
                for (int i = 0; i < batch; i++)
                    _labels.AsSpan(_order[start + i] * _labelSize, _labelSize).CopyTo(_batchLabels.AsSpan(i * _labelSize));
                gather = new RowGather(_inputs, _order, start, _batchInputs);
                x = _batchInputs.AsSpan(0, batch * inputSize);
                y = _batchLabels.AsSpan(0, batch * _labelSize);
            }
            else
            {
                x = _inputs.AsSpan(start * inputSize, batch * inputSize);
                y = _labels.AsSpan(start * _labelSize, batch * _labelSize);
            }

            // Metrics see the predictions of this step's forward pass, before the update, as in Keras.
            float loss = _model.GradientStep(x, y, batch, out ReadOnlySpan<float> predictions, gather, update: true);
            if (!float.IsFinite(loss) && !_nonFiniteSeen)
            {
                _nonFiniteSeen = true;
                NonFiniteLoss?.Invoke(epoch, step, loss);
            }
            Totals[0] += loss * (double)batch;
            for (int m = 0; m < metrics.Count; m++)
                Totals[1 + m] += metrics[m].BatchSum(predictions, y, outputSize, classes);
            SamplesSeen += batch;
            progress?.Step(step, this);
            callbacks?.BatchEnd(step - 1, this);
            if (_model.StopTraining) break;
        }
    }

    /// <summary>The running mean of entry <paramref name="index"/> of <see cref="Totals"/>.</summary>
    public float Mean(int index) => SamplesSeen == 0 ? float.NaN : (float)(Totals[index] / SamplesSeen);
}
