// The classic Keras MLP on Fashion-MNIST: 784 inputs -> 64 relu -> 64 relu -> 10 softmax, Adam,
// categorical cross-entropy, 5 epochs of batch 32.
//
// Getting the data (60 000 + 10 000 images of 28 × 28 pixels, Zalando Research, MIT licence):
//   - Debian/Ubuntu:  apt-get install dataset-fashion-mnist   (files in /usr/share/datasets/fashion-mnist)
//   - or any directory holding train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte
//     and t10k-labels-idx1-ubyte (raw or .gz), passed as the argument:
//       dotnet run -c Release --project samples/FashionMnistMlp -- /path/to/fashion-mnist
//   - or $UNROLL_DATASETS/fashion-mnist, or ~/.unroll/datasets/fashion-mnist.
using System.Diagnostics;
using System.Globalization;
using Unroll;

var stopwatch = Stopwatch.StartNew();
var ((xTrain, yTrain), (xTest, yTest)) = Datasets.FashionMnist.Load(args.Length > 0 ? args[0] : null);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Loaded {xTrain.Rows} training and {xTest.Rows} test images of {xTrain.Columns} pixels in {stopwatch.Elapsed.TotalSeconds:0.00} s."));

Matrix trainLabels = OneHot.ToCategorical(yTrain, numClasses: 10);
Matrix testLabels = OneHot.ToCategorical(yTest, numClasses: 10);

var net = new FashionMnistMlp(seed: 1);
Console.WriteLine(net.Summary());
net.Compile(new Adam(), Loss.CategoricalCrossEntropy, Metric.Accuracy);

const int epochs = 5;
stopwatch.Restart();
net.Fit(xTrain, trainLabels, epochs: epochs, batchSize: 32, verbose: 2, seed: 1);
double seconds = stopwatch.Elapsed.TotalSeconds;

Evaluation score = net.Evaluate(xTest, testLabels);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Test loss {score.Loss:0.0000}, test accuracy {score["accuracy"] * 100:0.00} %; {seconds / epochs:0.000} s per epoch ({epochs} epochs in {seconds:0.00} s)."));

[Sequential]
[Input(784)]
[Dense(64, Activation = Activation.ReLU)]
[Dense(64, Activation = Activation.ReLU)]
[Dense(10, Activation = Activation.Softmax)]
public partial class FashionMnistMlp;
