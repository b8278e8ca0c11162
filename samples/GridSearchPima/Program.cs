// Grid search, as the classic Keras "grid search hyperparameters" tutorial: the Pima network
// (8 -> 12 relu -> 1 sigmoid) over batch size × epochs × optimizer, each candidate scored by
// 3-fold cross-validation (GridSearch, scikit-learn's GridSearchCV); prints the best candidate
// first, then every candidate's mean (standard deviation) with its parameters.
// Data: samples/Pima's table (see samples/Pima/DATA.md).
//   dotnet run -c Release --project samples/GridSearchPima
using System.Diagnostics;
using System.Globalization;
using Unroll;

var stopwatch = Stopwatch.StartNew();
var (x, y) = Csv.Load(Path.Combine(AppContext.BaseDirectory, "pima-indians-diabetes.csv")).SplitLabel(column: 8);

var grid = new ParameterGrid
{
    Network = { ["12 relu"] = () => new PimaGridNet(seed: 7) },
    BatchSize = [10, 20, 40],
    Epochs = [10, 50],
    Optimizer = ["SGD", "Adam"],
};
var search = new GridSearch(grid, Loss.BinaryCrossEntropy, Metric.Accuracy) { Cv = new StratifiedKFold(3, shuffle: true, seed: 7) };
GridSearchResult result = search.Fit(x, y);

Console.WriteLine(result);
foreach (GridSearchCandidate candidate in result.Results)
    Console.WriteLine(candidate);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{grid.Count} candidates × 3 folds, then the best refitted on all {x.Rows} samples, in {stopwatch.Elapsed.TotalSeconds:0.00} s."));
Console.WriteLine($"Best model on all the data: {result.BestModel!.Evaluate(x, y)}");

[Sequential]
[Input(8)]
[Dense(12, Activation = Activation.ReLU)]
[Dense(1, Activation = Activation.Sigmoid)]
public partial class PimaGridNet;
