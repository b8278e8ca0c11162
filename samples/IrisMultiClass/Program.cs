// The classic Keras multi-class tutorial: the iris flowers (150 samples, 4 measurements, 3
// species, from Debian's python3-sklearn), the species one-hot encoded with ToCategorical,
// 4 inputs -> 8 relu -> 3 softmax, categorical cross-entropy, Adam, 200 epochs of batch 5, scored
// by shuffled 10-fold cross-validation; then one network trained on all of it predicts a few flowers.
//   dotnet run -c Release --project samples/IrisMultiClass [-- path/to/iris.csv]
using System.Diagnostics;
using System.Globalization;
using Unroll;

const int epochs = 200, batchSize = 5;
var stopwatch = Stopwatch.StartNew();
SklearnTable table = SklearnData.Load("iris.csv", args.Length > 0 ? args[0] : null);
Matrix x = table.Features;
Matrix dummyY = OneHot.ToCategorical(table.Target, numClasses: 3);
Console.WriteLine($"Loaded {x.Rows} flowers with {x.Columns} measurements; species {string.Join(", ", table.ClassNames)}.");
Console.WriteLine(new IrisNet(seed: 7).Summary());

int run = 0;
CrossValidationScores results = CrossValidation.Score(
    () => new IrisNet(seed: 7 + run++),
    net => net.Compile(new Adam(), Loss.CategoricalCrossEntropy, Metric.Accuracy),
    x, dummyY, new KFold(10, shuffle: true, seed: 7), epochs, batchSize);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Baseline: {results.Mean * 100:0.00}% ({results.StandardDeviation * 100:0.00}%)"));

var final = new IrisNet(seed: 7);
final.Compile(new Adam(), Loss.CategoricalCrossEntropy, Metric.Accuracy);
final.Fit(x, dummyY, epochs, batchSize, verbose: 0, seed: 7);
int[] rows = [0, 50, 100, 70, 133];
int[] predicted = final.PredictClasses(x.SelectRows(rows));
for (int i = 0; i < rows.Length; i++)
    Console.WriteLine($"flower {rows[i],3}: predicted {table.ClassNames[predicted[i]]}, actual {table.ClassNames[(int)table.Target[rows[i]]]}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"11 networks trained in {stopwatch.Elapsed.TotalSeconds:0.00} s."));

[Sequential]
[Input(4)]
[Dense(8, Activation = Activation.ReLU)]
[Dense(3, Activation = Activation.Softmax)]
public partial class IrisNet;
