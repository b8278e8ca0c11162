// The two-feature tabular classifier of the classic Keras "simple Sequential model" tutorial:
// features scaled to [0, 1], 2 inputs -> 16 relu -> 32 relu -> 2 softmax, sparse categorical
// cross-entropy, Adam at Keras's default rate 1e-3 (the tutorial's 1e-4 underfits in 30 epochs here:
// 79 % test accuracy), fit with validationSplit 0.1, shuffle, batch 10, 30 epochs, verbose 2;
// then predictions on a held-out test set, rounded to a class, and the confusion matrix.
// Data: the Wisconsin breast-cancer table (569 tumours) from Debian's python3-sklearn, two of its
// features: mean radius and mean texture; classes 0 = malignant, 1 = benign.
//   dotnet run -c Release --project samples/TwoFeatureSoftmax [-- path/to/breast_cancer.csv]
using System.Diagnostics;
using System.Globalization;
using Unroll;

var stopwatch = Stopwatch.StartNew();
SklearnTable table = SklearnData.Load("breast_cancer.csv", args.Length > 0 ? args[0] : null);
Matrix features = table.Features.SelectColumns(0, 1);
Console.WriteLine($"Loaded {features.Rows} samples, features 'mean radius' and 'mean texture', classes {string.Join(", ", table.ClassNames)}.");

var (trainX, testX, trainY, testY) = DataSplit.TrainTestSplit(features, table.Target, testSize: 0.2f, seed: 42);
var scaler = new MinMaxScaler(0f, 1f);
Matrix scaledTrain = scaler.FitTransform(trainX);
Matrix scaledTest = scaler.Transform(testX);

var net = new TwoFeatureNet(seed: 42);
Console.WriteLine(net.Summary());
net.Compile(new Adam(learningRate: 0.001f), Loss.SparseCategoricalCrossEntropy, Metric.Accuracy);
net.Fit(scaledTrain, trainY, epochs: 30, batchSize: 10, validationSplit: 0.1, shuffle: true, verbose: 2, seed: 42);

Matrix predictions = net.Predict(scaledTest, batchSize: 10);
int[] rounded = net.PredictClasses(scaledTest);
for (int i = 0; i < 5; i++)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"[{predictions[i, 0]:0.000} {predictions[i, 1]:0.000}] -> {rounded[i]} ({table.ClassNames[rounded[i]]}), actual {testY[i]:0}"));

var confusion = new int[2, 2];
for (int i = 0; i < rounded.Length; i++) confusion[(int)testY[i], rounded[i]]++;
Console.WriteLine("Confusion matrix (rows: actual, columns: predicted):");
Console.WriteLine($"[[{confusion[0, 0],4} {confusion[0, 1],4}]");
Console.WriteLine($" [{confusion[1, 0],4} {confusion[1, 1],4}]]");
Evaluation score = net.Evaluate(scaledTest, testY);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Test on {testX.Rows} held-out samples: {score}; {stopwatch.Elapsed.TotalSeconds:0.00} s in all."));

[Sequential]
[Input(2)]
[Dense(16, Activation = Activation.ReLU)]
[Dense(32, Activation = Activation.ReLU)]
[Dense(2, Activation = Activation.Softmax)]
public partial class TwoFeatureNet;
