namespace Unroll;

public abstract partial class Model
{
    /// <summary>Where Fit writes its progress; standard output unless set.</summary>
    public TextWriter? Log { get; set; }

    // Where Fit and its callbacks write.
    internal TextWriter LogWriter => Log ?? Console.Out;

    /// <summary>
    /// Set by a <see cref="Callback"/> to stop training (Keras <c>model.stop_training</c>): Fit
    /// stops after the current batch when set in a batch hook, after the current epoch (whose
    /// logs are still recorded and passed on) otherwise. Fit clears it when it starts.
    /// </summary>
    public bool StopTraining { get; set; }

    /// <summary>
    /// Trains for <paramref name="epochs"/> passes over the data (Keras <c>fit</c>).
    /// <paramref name="inputs"/> holds the samples flat and row-major; <paramref name="labels"/>
    /// holds <see cref="OutputSize"/> values per sample (for a sparse loss one class id per position: per sample, or per step of a sequence output).
    /// <paramref name="validationSplit"/> holds out the LAST fraction of the samples, before
    /// shuffling, as Keras counts it (floor(n · (1 − split)) train; <c>0.2f</c> is read as 0.2);
    /// <paramref name="validationData"/>, when given, is used instead.
    /// <paramref name="verbose"/>: 0 silent, 1 progress bar, 2 one line per epoch.
    /// <paramref name="seed"/> fixes the shuffle order; without it the model's generator is used.
    /// <paramref name="callbacks"/> are told of training, each epoch and each batch, in order (see <see cref="Callback"/>).
    /// </summary>
    public History Fit(float[] inputs, float[] labels, int epochs = 1, int batchSize = 32, int verbose = 1,
        double validationSplit = 0, (float[] Inputs, float[] Labels)? validationData = null, bool shuffle = true, int? seed = null,
        IReadOnlyList<Callback>? callbacks = null)
    {
        using UseScope use = EnterUse();
        ThrowIfShared("train (Fit)");
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (verbose is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(verbose), verbose, "verbose is 0 (silent), 1 (progress bar) or 2 (one line per epoch).");
        if (!(validationSplit >= 0 && validationSplit < 1)) throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit, "validationSplit must be in [0, 1).");
        if (FixedBatchSize is int fixedBatch)
        {
            if (shuffle) throw new ArgumentException($"{Name} is stateful: shuffling would tear its sequences apart; pass shuffle: false.", nameof(shuffle));
            if (batchSize != fixedBatch) throw new ArgumentException($"{Name} is stateful with batches of {fixedBatch}; got batchSize {batchSize}.", nameof(batchSize));
        }
        Loss loss = Loss;
        int samples = DataChecks.SampleCount(this, inputs, nameof(inputs));
        DataChecks.MatchLabels(this, loss, samples, labels, nameof(labels));
        DataChecks.Inputs(this, inputs, nameof(inputs));

        // Everything is checked here, before the first step: bad data must never meet the weights.
        int labelSize = loss.LabelSize(OutputSize, OutputClasses);
        int trainSamples = samples;
        float[]? valInputs = null, valLabels = null;
        if (validationData is var (vx, vy))
        {
            ArgumentNullException.ThrowIfNull(vx, nameof(validationData));
            ArgumentNullException.ThrowIfNull(vy, nameof(validationData));
            int valSamples = DataChecks.SampleCount(this, vx, nameof(validationData));
            DataChecks.MatchLabels(this, loss, valSamples, vy, nameof(validationData));
            DataChecks.Inputs(this, vx, nameof(validationData));
            DataChecks.WholeBatches(this, valSamples, nameof(validationData));
            (valInputs, valLabels) = (vx, vy);
        }
        else if (validationSplit > 0)
        {
            trainSamples = ValidationSplit.TrainSamples(samples, validationSplit);
            if (trainSamples == 0 || trainSamples == samples)
                throw new ArgumentException($"validationSplit {validationSplit} of {samples} samples leaves {trainSamples} for training and {samples - trainSamples} for validation; both must be at least 1.", nameof(validationSplit));
            DataChecks.WholeBatches(this, samples - trainSamples, "the validationSplit part of inputs");
            valInputs = inputs[(trainSamples * InputSize)..];
            valLabels = labels[(trainSamples * labelSize)..];
        }
        DataChecks.WholeBatches(this, trainSamples, nameof(inputs));

        // A batch larger than the data trains like one batch of all of it; buffers follow the data.
        batchSize = Math.Min(batchSize, trainSamples);
        int valBatchSize = valInputs is null ? batchSize : Math.Min(batchSize, valInputs.Length / InputSize);
        var runner = new EpochRunner(this, inputs, labels, trainSamples, batchSize, shuffle, seed is int s ? new SeededRandom((ulong)s) : Random);
        string[] trainNames = ["loss", .. _metrics.Select(m => m.Name)];
        string[] names = valInputs is null ? trainNames : [.. trainNames, .. trainNames.Select(n => "val_" + n)];
        bool logLearningRate = CallbackList.AnyLogsLearningRate(callbacks);
        if (logLearningRate) names = [.. names, "learning_rate"];
        var history = new History(names, epochs, trainSamples, valInputs is null ? 0 : valInputs.Length / InputSize);
        TextWriter writer = LogWriter;
        var progress = verbose == 0 ? null
            : new ProgressPrinter(writer, verbose, interactive: Log is null && !Console.IsOutputRedirected, runner.Steps, names, trainNames.Length);
        runner.NonFiniteLoss = (epoch, batch, value) =>
        {
            history.FirstNonFiniteLoss ??= new TrainingStep(epoch, batch);
            progress?.Interrupt();
            writer.WriteLine($"Epoch {epoch}, batch {batch}: the loss is {value}; training has diverged and the weights are no longer finite. Lower the learning rate or scale the inputs (SaveWeights and Save refuse non-finite weights).");
        };
        var values = new float[names.Length];
        var valTotals = new double[trainNames.Length];
        CallbackList? callbackList = callbacks is { Count: > 0 } ? new CallbackList(this, callbacks, names, trainNames.Length) : null;

        StopTraining = false;
        callbackList?.TrainBegin();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            callbackList?.EpochBegin(epoch);
            progress?.BeginEpoch(epoch, epochs);
            runner.RunEpoch(epoch + 1, progress, callbackList);
            for (int i = 0; i < trainNames.Length; i++) values[i] = runner.Mean(i);
            if (valInputs is not null)
            {
                EvaluateCore(valInputs, valLabels!, valBatchSize, valTotals);
                for (int i = 0; i < trainNames.Length; i++) values[trainNames.Length + i] = (float)valTotals[i];
            }
            if (logLearningRate) values[^1] = Optimizer.LearningRate;
            history.AddEpoch(epoch, names, values);
            progress?.EndEpoch(values, runner.StepsRun);
            callbackList?.EpochEnd(epoch, values);
            if (StopTraining) break;
        }
        callbackList?.TrainEnd();
        return history;
    }

    /// <summary>Trains on matrices; see <see cref="Fit(float[], float[], int, int, int, double, ValueTuple{float[], float[]}?, bool, int?, IReadOnlyList{Callback}?)"/>.</summary>
    public History Fit(Matrix inputs, Matrix labels, int epochs = 1, int batchSize = 32, int verbose = 1,
        double validationSplit = 0, (Matrix Inputs, Matrix Labels)? validationData = null, bool shuffle = true, int? seed = null,
        IReadOnlyList<Callback>? callbacks = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        CheckColumns(inputs, nameof(inputs));
        CheckLabels(inputs, labels, nameof(labels));
        (float[], float[])? validation = null;
        if (validationData is var (vx, vy))
        {
            ArgumentNullException.ThrowIfNull(vx, nameof(validationData));
            ArgumentNullException.ThrowIfNull(vy, nameof(validationData));
            CheckColumns(vx, nameof(validationData));
            CheckLabels(vx, vy, nameof(validationData));
            validation = (vx.Data, vy.Data);
        }
        return Fit(inputs.Data, labels.Data, epochs, batchSize, verbose, validationSplit, validation, shuffle, seed, callbacks);
    }

    /// <summary>
    /// Trains on a matrix of inputs with a flat array of labels, as the data helpers return them
    /// (<c>Csv.Load(…).SplitLabel(…)</c> gives class ids or targets per row, <c>OneHot.ToCategorical</c>
    /// a matrix); see <see cref="Fit(float[], float[], int, int, int, double, ValueTuple{float[], float[]}?, bool, int?, IReadOnlyList{Callback}?)"/>.
    /// </summary>
    public History Fit(Matrix inputs, float[] labels, int epochs = 1, int batchSize = 32, int verbose = 1,
        double validationSplit = 0, (Matrix Inputs, float[] Labels)? validationData = null, bool shuffle = true, int? seed = null,
        IReadOnlyList<Callback>? callbacks = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        CheckColumns(inputs, nameof(inputs));
        (float[], float[])? validation = null;
        if (validationData is var (vx, vy))
        {
            ArgumentNullException.ThrowIfNull(vx, nameof(validationData));
            CheckColumns(vx, nameof(validationData));
            validation = (vx.Data, vy);
        }
        return Fit(inputs.Data, labels, epochs, batchSize, verbose, validationSplit, validation, shuffle, seed, callbacks);
    }
}
