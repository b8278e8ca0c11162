// A trained Pima network shipped as one native executable: the weights are built into it
// ([BakedWeights]), so it reads no file. Give the 8 measurements, get the probability of diabetes.
//   ShipIt 6 148 72 35 0 33.6 0.627 50
//   ShipIt --about        (the network, whether its weights are read in place, the vector width, a concurrent predictor)
//   ShipIt --time         (how long one prediction takes here)
using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using Unroll;

if (args is ["--about"])
{
    PimaNet about = PimaNet.CreateBaked();
    Console.WriteLine(about.Summary());
    Console.WriteLine(about.WeightsAreMapped
        ? $"Weights: {about.ParameterCount} floats read in place from the executable's image (no copy)."
        : $"Weights: {about.ParameterCount} floats copied from the executable (this host does not map resources).");
    // NativeAOT fixes these when it compiles (IlcInstructionSet in ShipIt.csproj); the JIT asks the CPU.
    Console.WriteLine($"Vectors: {WidestAcceleratedVector()} kernels (Vector512 {Vector512.IsHardwareAccelerated}, "
                      + $"Vector256 {Vector256.IsHardwareAccelerated}, Vector128 {Vector128.IsHardwareAccelerated}).");
    // A service shares one network between request threads through a predictor (no weight copy).
    float[] sample = [6, 148, 72, 35, 0, 33.6f, 0.627f, 50];
    float expected = about.Predict(sample)[0];
    using Predictor predictor = about.CreatePredictor();
    int agreeing = 0;
    Thread[] callers = new Thread[4];
    for (int t = 0; t < callers.Length; t++)
    {
        callers[t] = new Thread(() =>
        {
            Span<float> output = stackalloc float[1];
            for (int i = 0; i < 16; i++)
            {
                predictor.Predict(sample, output);
                if (output[0] == expected) Interlocked.Increment(ref agreeing);
            }
        });
        callers[t].Start();
    }
    foreach (Thread caller in callers) caller.Join();
    Console.WriteLine($"Predictor: {agreeing} of 64 predictions from 4 threads at once agree with Predict.");
    return 0;
}
if (args is ["--time"])
{
    // One prediction at a time, as the command line makes it, without the process start around it.
    PimaNet timed = PimaNet.CreateBaked();
    float[] sample = [6, 148, 72, 35, 0, 33.6f, 0.627f, 50];
    Span<float> output = stackalloc float[1];
    const int Calls = 200_000, Runs = 9;
    for (int i = 0; i < Calls; i++) timed.Predict(sample, output);
    double[] nanoseconds = new double[Runs];
    for (int run = 0; run < Runs; run++)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < Calls; i++) timed.Predict(sample, output);
        nanoseconds[run] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / Calls;
    }
    Array.Sort(nanoseconds);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{nanoseconds[Runs / 2]:0.0} ns per prediction (median of {Runs} runs of {Calls}; min {nanoseconds[0]:0.0}, max {nanoseconds[^1]:0.0}; {WidestAcceleratedVector()} kernels)"));
    return 0;
}
if (args.Length != PimaNet.InputLength)
{
    Console.Error.WriteLine($"usage: ShipIt {string.Join(' ', FeatureNames)}");
    Console.Error.WriteLine("e.g.   ShipIt 6 148 72 35 0 33.6 0.627 50");
    return 2;
}
Span<float> features = stackalloc float[PimaNet.InputLength];
for (int i = 0; i < features.Length; i++)
{
    if (!float.TryParse(args[i], NumberStyles.Float, CultureInfo.InvariantCulture, out features[i]) || !float.IsFinite(features[i]))
    {
        Console.Error.WriteLine($"{FeatureNames[i]}: '{args[i]}' is not a number");
        return 2;
    }
}

PimaNet net = PimaNet.CreateBaked();
Span<float> probability = stackalloc float[1];
net.Predict(features, probability);
Console.WriteLine(probability[0].ToString("0.000000", CultureInfo.InvariantCulture));
return 0;

partial class Program
{
    private static readonly string[] FeatureNames =
        ["pregnancies", "glucose", "blood_pressure", "skin_thickness", "insulin", "bmi", "pedigree", "age"];

    // The widest body the generated kernels take here (they have Vector256, Vector128 and scalar ones).
    private static string WidestAcceleratedVector()
        => Vector256.IsHardwareAccelerated ? "Vector256" : Vector128.IsHardwareAccelerated ? "Vector128" : "scalar";
}

/// <summary>The network of samples/Pima, with the weights it saved.</summary>
[Sequential]
[Input(8)]
[Dense(12, Activation = Activation.ReLU)]
[Dense(1, Activation = Activation.Sigmoid)]
[BakedWeights("pima.safetensors")]
public partial class PimaNet;
