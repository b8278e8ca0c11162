using BenchmarkDotNet.Attributes;

namespace Unroll.Benchmarks;

/// <summary>One-sample inference through the allocation-free span API, buffers preallocated.</summary>
[MemoryDiagnoser]
public class PredictBenchmarks
{
    private PimaNet _pima = null!;
    private MnistMlp _mnist = null!;
    private Predictor _pimaPredictor = null!;
    private float[] _pimaIn = null!, _pimaOut = null!, _mnistIn = null!, _mnistOut = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pima = Workloads.NewPima();
        _mnist = Workloads.NewMnist();
        _pimaPredictor = _pima.CreatePredictor();
        var (px, _) = Workloads.LoadPima();
        _pimaIn = px[..8];
        _pimaOut = new float[1];
        var (mx, _) = Workloads.SyntheticMnist(samples: 1);
        _mnistIn = mx;
        _mnistOut = new float[10];
    }

    [Benchmark(Description = "Pima predict 1 sample")]
    public float PimaPredict()
    {
        _pima.Predict(_pimaIn, _pimaOut);
        return _pimaOut[0];
    }

    [Benchmark(Description = "Pima predict 1 sample, thread-safe predictor")]
    public float PimaPredictorPredict()
    {
        _pimaPredictor.Predict(_pimaIn, _pimaOut);
        return _pimaOut[0];
    }

    [Benchmark(Description = "MNIST-MLP predict 1 sample")]
    public float MnistPredict()
    {
        _mnist.Predict(_mnistIn, _mnistOut);
        return _mnistOut[0];
    }
}

/// <summary>One training epoch via Fit (shuffled, Adam lr 1e-3). Weights keep training across
/// invocations, which does not change the work done per epoch.</summary>
[MemoryDiagnoser]
public class TrainBenchmarks
{
    private PimaNet _pima = null!;
    private MnistMlp _mnist = null!;
    private float[] _pimaX = null!, _pimaY = null!, _mnistX = null!, _mnistY = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pima = Workloads.NewPima();
        _mnist = Workloads.NewMnist();
        (_pimaX, _pimaY) = Workloads.LoadPima();
        (_mnistX, _mnistY) = Workloads.SyntheticMnist();
    }

    [Benchmark(Description = "Pima epoch (768 samples, batch 10, Adam, BCE)")]
    public void PimaEpoch() => Workloads.PimaEpoch(_pima, _pimaX, _pimaY);

    [Benchmark(Description = "MNIST-MLP epoch (60000 synthetic, batch 32, Adam, CCE)")]
    public void MnistEpoch() => Workloads.MnistEpoch(_mnist, _mnistX, _mnistY);
}
