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
