// The classic Keras regression tutorial: Boston house prices (506 suburbs, 13 features, median
// value in $1000s, from Debian's python3-sklearn), 13 inputs -> 13 relu -> 1 linear (Glorot-uniform
// kernels: Unroll has no "normal" initializer, the tutorial's choice), mean squared
// error, Adam, 100 epochs of batch 5, scored by 10-fold cross-validation (unshuffled, as the
// tutorial); scikit-learn reports the negated MSE, and so does this: first on the raw features
// ("Baseline"), then standardised inside each fold ("Standardized", the tutorial's Pipeline).
// scikit-learn discourages this table (its B column was engineered on a racist assumption) and
// removed the file from its releases in 2025; Debian 12's python3-sklearn (1.2.1) still ships it.
// It is here because the classic tutorial uses it; any numeric table with the target last works.
//   dotnet run -c Release --project samples/BostonRegression [-- path/to/boston_house_prices.csv]
using System.Diagnostics;
using System.Globalization;
using Unroll;

const int epochs = 100, batchSize = 5;
var stopwatch = Stopwatch.StartNew();
SklearnTable table = SklearnData.Load("boston_house_prices.csv", args.Length > 0 ? args[0] : null,
    missingNote: "(scikit-learn dropped this file in 2025: a python3-sklearn newer than Debian 12's 1.2.1 may not have it.)");
Console.WriteLine($"Loaded {table.Features.Rows} suburbs with {table.Features.Columns} features ({string.Join(", ", table.ColumnNames[..^1])}) -> {table.ColumnNames[^1]}.");
Console.WriteLine(new BostonNet(seed: 7).Summary());

var folds = new KFold(10);
int run = 0;
Func<BostonNet> create = () => new BostonNet(seed: 7 + run++);
Action<BostonNet> compile = net => net.Compile(new Adam(), Loss.MeanSquaredError);

CrossValidationScores baseline = CrossValidation.Score(create, compile, table.Features, table.Target, folds, epochs, batchSize, metric: "loss");
Print("Baseline", baseline.Mean, baseline.StandardDeviation);

float[] standardized = StandardizedCrossValidation.Score(create, compile, table.Features, table.Target, folds, epochs, batchSize, "loss");
double mean = standardized.Average();
Print("Standardized", (float)mean, (float)Math.Sqrt(standardized.Average(s => (s - mean) * (s - mean))));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"20 networks trained in {stopwatch.Elapsed.TotalSeconds:0.00} s."));

// scikit-learn's scoring='neg_mean_squared_error': higher is better, so the MSE comes out negated.
static void Print(string name, float mse, float deviation)
    => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {-mse:0.00} ({deviation:0.00}) MSE"));

[Sequential]
[Input(13)]
[Dense(13, Activation = Activation.ReLU)]
[Dense(1)]
public partial class BostonNet;
