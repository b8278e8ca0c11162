// Dropout and L2 weight decay, as the classic Keras regularisation tutorials show them: a network
// big enough to overfit a small training set (10 % of the rows, 56 tumours), trained with and without
// regularisation, each printed as "Train: …, Test: …" accuracy. The networks differ only in their
// attributes: [Dropout(0.4)] after the hidden layer, or L2 = 0.001 on its kernel
// (Keras kernel_regularizer=l2(0.001)).
// Data: the Wisconsin breast-cancer table (569 tumours, 30 features) from Debian's python3-sklearn,
// standardised with the training rows' statistics.
//   dotnet run -c Release --project samples/Regularization [-- path/to/breast_cancer.csv]
using System.Diagnostics;
using System.Globalization;
using Unroll;

const int epochs = 300;
var stopwatch = Stopwatch.StartNew();
SklearnTable table = SklearnData.Load("breast_cancer.csv", args.Length > 0 ? args[0] : null);
var (trainX, testX, trainY, testY) = DataSplit.TrainTestSplit(table.Features, table.Target, testSize: 0.9f, seed: 1);
var scaler = new StandardScaler().Fit(trainX);
(trainX, testX) = (scaler.Transform(trainX), scaler.Transform(testX));
Console.WriteLine($"Training on {trainX.Rows} samples, testing on {testX.Rows}; {epochs} epochs each.");

Report("Baseline", new BaselineNet(seed: 1));
Report("Dropout(0.4)", new DropoutNet(seed: 1));
Report("L2(0.001)", new L2Net(seed: 1));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"3 networks trained in {stopwatch.Elapsed.TotalSeconds:0.00} s."));

void Report(string name, Model net)
{
    net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy);
    History history = net.Fit(trainX, trainY, epochs, batchSize: 32, verbose: 0, seed: 1);
    float train = net.Evaluate(trainX, trainY)["accuracy"];
    Evaluation test = net.Evaluate(testX, testY);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-13} Train: {train:0.000}, Test: {test["accuracy"]:0.000} (final training loss {history["loss"][^1]:0.0000}, test loss {test.Loss:0.0000})"));
}

[Sequential]
[Input(30)]
[Dense(500, Activation = Activation.ReLU)]
[Dense(1, Activation = Activation.Sigmoid)]
public partial class BaselineNet;

[Sequential]
[Input(30)]
[Dense(500, Activation = Activation.ReLU)]
[Dropout(0.4f)]
[Dense(1, Activation = Activation.Sigmoid)]
public partial class DropoutNet;

[Sequential]
[Input(30)]
[Dense(500, Activation = Activation.ReLU, L2 = 0.001f)]
[Dense(1, Activation = Activation.Sigmoid)]
public partial class L2Net;
