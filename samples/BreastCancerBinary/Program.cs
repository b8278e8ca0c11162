// The classic Keras binary-classification tutorial (Sonar in the original; here the Wisconsin
// breast-cancer table, 569 tumours, 30 features, 0 = malignant, 1 = benign, from Debian's
// python3-sklearn): 30 inputs -> 30 relu -> 1 sigmoid, binary cross-entropy, Adam, 100 epochs of
// batch 5, scored by stratified 10-fold cross-validation; first on the raw features ("Baseline"),
// then with the features standardised inside each fold ("Standardized", the tutorial's Pipeline).
//   dotnet run -c Release --project samples/BreastCancerBinary [-- path/to/breast_cancer.csv]
using System.Diagnostics;
using System.Globalization;
using Unroll;

const int epochs = 100, batchSize = 5;
var stopwatch = Stopwatch.StartNew();
SklearnTable table = SklearnData.Load("breast_cancer.csv", args.Length > 0 ? args[0] : null);
Console.WriteLine($"Loaded {table.Features.Rows} samples with {table.Features.Columns} features; classes {string.Join(", ", table.ClassNames)}.");
Console.WriteLine(new BinaryNet(seed: 7).Summary());

var folds = new StratifiedKFold(10, shuffle: true, seed: 7);
int run = 0;
Func<BinaryNet> create = () => new BinaryNet(seed: 7 + run++);
Action<BinaryNet> compile = net => net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy);

CrossValidationScores baseline = CrossValidation.Score(create, compile, table.Features, table.Target, folds, epochs, batchSize);
Print("Baseline", baseline.Mean, baseline.StandardDeviation);

float[] standardized = StandardizedCrossValidation.Score(create, compile, table.Features, table.Target, folds, epochs, batchSize, "accuracy");
Print("Standardized", standardized.Average(), StandardDeviation(standardized));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"20 networks trained in {stopwatch.Elapsed.TotalSeconds:0.00} s."));

static void Print(string name, float mean, float deviation)
    => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {mean * 100:0.00}% ({deviation * 100:0.00}%)"));

static float StandardDeviation(float[] scores)
{
    double mean = scores.Average();
    return (float)Math.Sqrt(scores.Average(s => (s - mean) * (s - mean)));
}

[Sequential]
[Input(30)]
[Dense(30, Activation = Activation.ReLU)]
[Dense(1, Activation = Activation.Sigmoid)]
public partial class BinaryNet;
