// k-fold cross-validation, as the classic Keras "evaluate the performance of deep learning models"
// tutorial: the Pima network (8 -> 12 relu -> 8 relu -> 1 sigmoid, Adam, 150 epochs of batch 10),
// a fresh network per fold of StratifiedKFold(10, shuffle, seed 7) through CrossValidation.Score
// (scikit-learn's cross_val_score); prints each fold's accuracy, then the mean and deviation.
// Data: samples/Pima's table (see samples/Pima/DATA.md).
//   dotnet run -c Release --project samples/KFoldPima
using System.Diagnostics;
using System.Globalization;
using Unroll;

var stopwatch = Stopwatch.StartNew();
var (x, y) = Csv.Load(Path.Combine(AppContext.BaseDirectory, "pima-indians-diabetes.csv")).SplitLabel(column: 8);
Console.WriteLine($"Loaded {x.Rows} samples with {x.Columns} features.");

int fold = 0;
CrossValidationScores scores = CrossValidation.Score(
    () => new PimaFoldNet(seed: 7 + fold++),
    net => net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy),
    x, y, new StratifiedKFold(10, shuffle: true, seed: 7), epochs: 150, batchSize: 10);
foreach (float accuracy in scores.Scores)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy: {accuracy * 100:0.00}%"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scores.Mean * 100:0.00}% (+/- {scores.StandardDeviation * 100:0.00}%)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scores.Scores.Count} networks trained in {stopwatch.Elapsed.TotalSeconds:0.00} s."));

[Sequential]
[Input(8)]
[Dense(12, Activation = Activation.ReLU)]
[Dense(8, Activation = Activation.ReLU)]
[Dense(1, Activation = Activation.Sigmoid)]
public partial class PimaFoldNet;
