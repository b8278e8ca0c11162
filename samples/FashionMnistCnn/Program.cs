// The classic Keras convolutional network on Fashion-MNIST:
// Conv2D(32, 3×3, relu) → MaxPooling2D(2) → Dropout(0.25) → Flatten → Dense(128, relu) → Dropout(0.5) → Dense(10, softmax),
// Adam, categorical cross-entropy, 5 epochs of batch 32.
//
// Getting the data: apt-get install dataset-fashion-mnist, or pass a directory holding the four IDX files:
//   dotnet run -c Release --project samples/FashionMnistCnn -- /path/to/fashion-mnist
using System.Diagnostics;
using System.Globalization;
using Unroll;

var ((xTrain, yTrain), (xTest, yTest)) = Datasets.FashionMnist.Load(args.Length > 0 ? args[0] : null);
Matrix trainLabels = OneHot.ToCategorical(yTrain, numClasses: 10);
Matrix testLabels = OneHot.ToCategorical(yTest, numClasses: 10);
int epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;

var net = new FashionMnistCnn(seed: 1);
Console.WriteLine(net.Summary());
net.Compile(new Adam(), Loss.CategoricalCrossEntropy, Metric.Accuracy);

// Images are stored (28, 28) row-major with one channel: exactly the (28, 28, 1) channels-last input.
var stopwatch = Stopwatch.StartNew();
History history = net.Fit(xTrain, trainLabels, epochs: epochs, batchSize: 32, verbose: 2, seed: 1, validationData: (xTest, testLabels));
double seconds = stopwatch.Elapsed.TotalSeconds;

Evaluation score = net.Evaluate(xTest, testLabels);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Test loss {score.Loss:0.0000}, test accuracy {score["accuracy"] * 100:0.00} %; {seconds / epochs:0.00} s per epoch (with validation) on {net.Threads} thread(s)."));

[Sequential]
[Input(28, 28, 1)]
[Conv2D(32, 3, Activation = Activation.ReLU)]
[MaxPooling2D(2)]
[Dropout(0.25f)]
[Flatten]
[Dense(128, Activation = Activation.ReLU)]
[Dropout(0.5f)]
[Dense(10, Activation = Activation.Softmax)]
public partial class FashionMnistCnn;
