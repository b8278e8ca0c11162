using Unroll;

namespace Unroll.Benchmarks;

/// <summary>
/// The shared definition of every workload, used by both the BenchmarkDotNet benchmarks and the
/// Stopwatch compare mode, and mirrored by bench/pytorch_compare.py. Change one, change all.
/// </summary>
public static class Workloads
{
    public const int PimaBatch = 10;
    public const int MnistSamples = 60_000;
    public const int MnistBatch = 32;
    public const int MnistInputs = 784;
    public const int MnistClasses = 10;
    public const int DataSeed = 1234;
    public const float LearningRate = 1e-3f;
    public const int PredictBatch = 1000;
    public const int DenseSize = 1024;
    public const int DenseBatch = 64;

    /// <summary>Batch sizes of the epoch rows (bench/compare.sh); each network also runs batch 128 on 2 threads.</summary>
    public static readonly int[] EpochBatches = [10, 32, 128];

    // FLOPs, counted as bench/README.md says: 2·in·out per Dense per sample forward; backward
    // 2·in·out for the weight gradient plus 2·in·out for the input gradient except in the first
    // Dense (Unroll computes none there). Biases, activations, losses and optimizers are not counted.
    public static double ForwardFlops(params int[] sizes)
    {
        double f = 0;
        for (int l = 1; l < sizes.Length; l++) f += 2.0 * sizes[l - 1] * sizes[l];
        return f;
    }

    public static double TrainFlops(params int[] sizes)
    {
        double f = 2 * ForwardFlops(sizes);                 // forward + weight gradients
        for (int l = 2; l < sizes.Length; l++) f += 2.0 * sizes[l - 1] * sizes[l];   // input gradients, not the first Dense
        return f;
    }

    public static readonly int[] PimaSizes = [8, 12, 1];
    public static readonly int[] MnistSizes = [MnistInputs, 64, 64, MnistClasses];
    public static readonly int[] DenseSizes = [DenseSize, DenseSize];

    // The Fashion-MNIST CNN (BenchFashionCnn): same 784-float inputs and 10 one-hot classes as the
    // MNIST MLP, so its rows reuse SyntheticMnist. 3x3 valid conv on 28x28x1 -> 26x26 positions x 32
    // filters; 2x2 max pooling -> 13x13x32 = 5408 -> Dense 128 -> Dense 10.
    public const int CnnSamples = 60_000;
    public const int CnnBatch = 32;
    /// <summary>
    /// Samples actually trained per timed CNN epoch in bench/compare.sh: a full 60 000-sample epoch is
    /// ~15-30 s per framework here, so the row trains on the first 12 000 (375 steps of batch 32) and
    /// reports the time × <see cref="CnnSamples"/> / <see cref="CnnTimedSamples"/> (row name
    /// <see cref="CnnEpochRow"/>); its FLOPs are those of the full 60 000-sample epoch.
    /// </summary>
    public const int CnnTimedSamples = 12_000;
    public const string CnnEpochRow = "cnn_epoch_b32_12kx5";
    public const int CnnConvPositions = 26 * 26, CnnKernel = 3 * 3, CnnChannels = 1, CnnFilters = 32;
    public static readonly int[] CnnDenseSizes = [13 * 13 * CnnFilters, 128, MnistClasses];

    /// <summary>Conv2D forward FLOPs per sample: 2 · positions · kh · kw · C · F.</summary>
    public static double CnnConvFlops => 2.0 * CnnConvPositions * CnnKernel * CnnChannels * CnnFilters;

    /// <summary>Forward FLOPs per sample: the conv and both Dense (pooling, dropout, softmax not counted).</summary>
    public static double CnnForwardFlops => CnnConvFlops + ForwardFlops(CnnDenseSizes);

    /// <summary>
    /// Training FLOPs per sample: forward + weight gradients of every layer + input gradients of both
    /// Dense (the first Dense gets one here: the conv below it needs it). The conv is the first layer,
    /// so it has no input gradient.
    /// </summary>
    public static double CnnTrainFlops => 2 * CnnConvFlops + 3 * ForwardFlops(CnnDenseSizes);

    // The LSTM network (BenchLstm): (20 steps, 32 features) -> LSTM 64 -> Dense 1 sigmoid, binary
    // cross-entropy; 8 000 seeded synthetic sequences, one shuffled epoch at batch 32, predict 1 000.
    public const int LstmSteps = 20, LstmFeatures = 32, LstmUnits = 64;
    public const int LstmSamples = 8_000;
    public const int LstmBatch = 32;
    public const string LstmPredictRow = "lstm_predict_1000", LstmEpochRow = "lstm_epoch_b32";

    /// <summary>
    /// Forward FLOPs per sample: the LSTM's four gates, input and recurrent products at every step,
    /// 2 · steps · (features + units) · 4 · units, plus the Dense 2 · units · 1 (gate activations,
    /// the cell update, biases and the sigmoid not counted).
    /// </summary>
    public static double LstmForwardFlops =>
        2.0 * LstmSteps * (LstmFeatures + LstmUnits) * 4 * LstmUnits + ForwardFlops(LstmUnits, 1);

    /// <summary>
    /// Training FLOPs per sample, taken as 3 × forward (forward + weight gradients + input
    /// gradients). An approximation: the LSTM is the first layer, so the gradient with respect to
    /// the network input (2 · steps · features · 4 · units) is not needed; only that of the
    /// recurrent state is. The exact count would be ≈ 11 % lower.
    /// </summary>
    public static double LstmTrainFlops => 3 * LstmForwardFlops;

    /// <summary>Seeded random sequences (uniform [-1, 1), steps × features per sample) and 0/1 labels.</summary>
    public static (float[] X, float[] Y) SyntheticSequences(int samples)
    {
        var random = new Random(DataSeed);
        var x = new float[samples * LstmSteps * LstmFeatures];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextSingle() * 2 - 1;
        var y = new float[samples];
        for (int i = 0; i < samples; i++) y[i] = random.Next(2);
        return (x, y);
    }

    public static BenchLstm NewLstm()
    {
        var net = new BenchLstm(seed: 7);
        net.Compile(new Adam(LearningRate), Loss.BinaryCrossEntropy);
        return net;
    }

    /// <summary>Loads the 768 Pima samples: 8 raw features and the 0/1 label.</summary>
    public static (float[] X, float[] Y) LoadPima()
    {
        var (x, y) = Csv.Load(FindPimaCsv()).SplitLabel(column: 8);
        return (x.Data, y.Data);
    }

    /// <summary>
    /// 60 000 seeded random "images" (uniform [0, 1)) with one-hot labels. Only the shapes matter
    /// for speed, so the content is noise.
    /// </summary>
    public static (float[] X, float[] Y) SyntheticMnist(int samples = MnistSamples)
    {
        var random = new Random(DataSeed);
        var x = new float[samples * MnistInputs];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextSingle();
        var y = new float[samples * MnistClasses];
        for (int i = 0; i < samples; i++) y[i * MnistClasses + random.Next(MnistClasses)] = 1f;
        return (x, y);
    }

    public static PimaNet NewPima()
    {
        var net = new PimaNet(seed: 7);
        net.Compile(new Adam(LearningRate), Loss.BinaryCrossEntropy);
        return net;
    }

    public static MnistMlp NewMnist()
    {
        var net = new MnistMlp(seed: 7);
        net.Compile(new Adam(LearningRate), Loss.CategoricalCrossEntropy);
        return net;
    }

    public static BenchFashionCnn NewCnn()
    {
        var net = new BenchFashionCnn(seed: 7);
        net.Compile(new Adam(LearningRate), Loss.CategoricalCrossEntropy);
        return net;
    }

    /// <summary><paramref name="samples"/> Pima rows (the 768 real ones, repeated from the start as needed).</summary>
    public static float[] PimaRows(float[] x, int samples)
    {
        var rows = new float[samples * 8];
        for (int i = 0; i < samples; i++) x.AsSpan(i % (x.Length / 8) * 8, 8).CopyTo(rows.AsSpan(i * 8));
        return rows;
    }

    public static Dense1024 NewDense()
    {
        var net = new Dense1024(seed: 7);
        net.Compile(new Sgd(), Loss.MeanSquaredError);
        return net;
    }

    /// <summary>A seeded random batch for the 1024 × 1024 Dense: inputs and regression targets.</summary>
    public static (float[] X, float[] Y) DenseBatchData()
    {
        var random = new Random(DataSeed);
        var x = new float[DenseBatch * DenseSize];
        var y = new float[DenseBatch * DenseSize];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextSingle() * 2 - 1;
        for (int i = 0; i < y.Length; i++) y[i] = random.NextSingle() * 2 - 1;
        return (x, y);
    }

    /// <summary>One epoch at any batch size (shuffled, silent), as <see cref="PimaEpoch"/>.</summary>
    public static void Epoch(Model net, float[] x, float[] y, int batchSize) =>
        net.Fit(x, y, epochs: 1, batchSize: batchSize, verbose: 0, shuffle: true, seed: 1);

    /// <summary>One epoch exactly as a Keras user would write it (shuffled, silent).</summary>
    public static void PimaEpoch(PimaNet net, float[] x, float[] y) =>
        net.Fit(x, y, epochs: 1, batchSize: PimaBatch, verbose: 0, shuffle: true, seed: 1);

    public static void MnistEpoch(MnistMlp net, float[] x, float[] y) =>
        net.Fit(x, y, epochs: 1, batchSize: MnistBatch, verbose: 0, shuffle: true, seed: 1);

    // The CSV is copied next to the binary; BenchmarkDotNet runs from a generated child project
    // elsewhere, so also walk up from the binary and the working directory to samples/Pima.
    private static string FindPimaCsv()
    {
        const string name = "pima-indians-diabetes.csv";
        string? env = Environment.GetEnvironmentVariable("UNROLL_PIMA_CSV");
        if (!string.IsNullOrEmpty(env) && File.Exists(env)) return env;
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string here = Path.Combine(dir.FullName, name);
                if (File.Exists(here)) return here;
                string sample = Path.Combine(dir.FullName, "samples", "Pima", name);
                if (File.Exists(sample)) return sample;
            }
        }
        throw new FileNotFoundException($"Could not find {name}; set UNROLL_PIMA_CSV to its path.");
    }
}
