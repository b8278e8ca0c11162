// Early stopping with the best model kept, as the classic Keras tutorial: a network big enough to
// overfit a small training set, trained for up to 4000 epochs with the test rows as validation
// data, EarlyStopping(monitor: "val_loss", patience: 200, verbose: 1, restoreBestWeights: true)
// (Keras 3 puts the best epoch's weights back even when all epochs ran). Prints the epoch it
// stopped at, the best epoch, and "Train: …, Test: …" accuracy of the restored network.
// Data: the Wisconsin breast-cancer table (569 tumours, 30 features) from Debian's python3-sklearn,
// standardised with the training rows' statistics.
//   dotnet run -c Release --project samples/EarlyStop [-- path/to/breast_cancer.csv]
using System.Diagnostics;
using System.Globalization;
using Unroll;

var stopwatch = Stopwatch.StartNew();
SklearnTable table = SklearnData.Load("breast_cancer.csv", args.Length > 0 ? args[0] : null);
var (trainX, testX, trainY, testY) = DataSplit.TrainTestSplit(table.Features, table.Target, testSize: 0.7f, seed: 1);
var scaler = new StandardScaler().Fit(trainX);
(trainX, testX) = (scaler.Transform(trainX), scaler.Transform(testX));
Console.WriteLine($"Training on {trainX.Rows} samples, validating on {testX.Rows}.");

var net = new OverfittingNet(seed: 1);
net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy);
var earlyStopping = new EarlyStopping(monitor: "val_loss", mode: MonitorMode.Min, patience: 200, verbose: 1, restoreBestWeights: true);
History history = net.Fit(trainX, trainY, epochs: 4000, batchSize: 32, verbose: 0, validationData: (testX, testY), seed: 1,
    callbacks: [earlyStopping]);

int ran = history["loss"].Count;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Ran {ran} of 4000 epochs; best val_loss {earlyStopping.Best:0.0000} at epoch {earlyStopping.BestEpoch + 1}, last val_loss {history["val_loss"][^1]:0.0000}."));
float train = net.Evaluate(trainX, trainY)["accuracy"];
Evaluation test = net.Evaluate(testX, testY);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Train: {train:0.000}, Test: {test["accuracy"]:0.000} (test loss {test.Loss:0.0000}: the best epoch's, restored); {stopwatch.Elapsed.TotalSeconds:0.00} s."));

[Sequential]
[Input(30)]
[Dense(500, Activation = Activation.ReLU)]
[Dense(1, Activation = Activation.Sigmoid)]
public partial class OverfittingNet;
