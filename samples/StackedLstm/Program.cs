// Keras's "stacked LSTM for sequence classification" recipe on a real sequence task: Fashion-MNIST read row
// by row, each image a sequence of 28 steps (its rows, top first) of 28 features (the row's pixels, in [0, 1]).
//   LSTM(32, all steps) → LSTM(32, all steps) → LSTM(32, last step) → Dense(10, softmax),
// RMSprop, categorical cross-entropy, batch 64, as in the Keras guide; 8 epochs on all 60 000 training images
// (no subset: 8 epochs keep the run near a minute; accuracy is still rising),
// then accuracy on the 10 000 test images, which training never sees. Seeds are fixed, so a run repeats bit
// for bit on the same thread count. On this project's shared 2-core machine: 85.9 % test accuracy,
// 7.4 s per epoch, 60 s in all (after the blocked LSTM backward; 12–19 s per epoch before it).
//
// Getting the data: apt-get install dataset-fashion-mnist, or pass a directory holding the four IDX files
// ("" keeps the usual places); fewer epochs or a seeded subset of the training images make it quicker:
//   dotnet run -c Release --project samples/StackedLstm -- [/path/to/fashion-mnist] [epochs] [trainImages]
using System.Diagnostics;
using System.Globalization;
using Unroll;

const int Seed = 1;
const int Steps = 28, PixelsPerStep = 28, Classes = 10;
string? directory = args.Length > 0 && args[0].Length > 0 ? args[0] : null;
int epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
int trainImages = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60000;

var total = Stopwatch.StartNew();
var ((allTrainImages, allTrainClasses), (testImages, testClasses)) = Datasets.FashionMnist.Load(directory);

// A seeded subset when fewer training images are asked for; the test set is always the full 10 000.
int[] order = [.. Enumerable.Range(0, allTrainImages.Rows)];
new SeededRandom(Seed).Shuffle(order);
int[] chosen = order[..Math.Min(trainImages, allTrainImages.Rows)];
Matrix trainImagesUsed = allTrainImages.SelectRows(chosen);
Matrix trainLabels = OneHot.ToCategorical([.. chosen.Select(i => allTrainClasses[i])], numClasses: Classes);
Matrix testLabels = OneHot.ToCategorical(testClasses, numClasses: Classes);
Console.WriteLine($"{trainImagesUsed.Rows} training and {testImages.Rows} test images, each read as {Steps} steps of {PixelsPerStep} pixels.");

var net = new StackedLstm(seed: Seed);
Console.WriteLine(net.Summary());
net.Compile(new RmsProp(), Loss.CategoricalCrossEntropy, Metric.Accuracy);

// No validation data: the test set is only looked at once, after training.
var watch = Stopwatch.StartNew();
net.Fit(trainImagesUsed, trainLabels, epochs: epochs, batchSize: 64, verbose: 2, seed: Seed);
double trainSeconds = watch.Elapsed.TotalSeconds;

Evaluation score = net.Evaluate(testImages, testLabels, batchSize: 64);

// Per-class accuracy shows where reading rows in order falls short (shirts, pullovers and coats look alike).
Matrix probabilities = net.Predict(testImages);
int[] right = new int[Classes], seen = new int[Classes];
for (int i = 0; i < testImages.Rows; i++)
{
    int truth = (int)testClasses[i];
    seen[truth]++;
    if (ArgMax(probabilities.Row(i)) == truth) right[truth]++;
}
Console.WriteLine("Test accuracy per class:");
for (int c = 0; c < Classes; c++)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {Datasets.FashionMnist.ClassNames[c],-12} {right[c] * 100.0 / seen[c],6:0.0} %"));

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Test loss {score.Loss:0.0000}, test accuracy {score["accuracy"] * 100:0.00} % on {testImages.Rows} images; " +
    $"{epochs} epoch{(epochs == 1 ? "" : "s")} in {trainSeconds:0.0} s ({trainSeconds / epochs:0.0} s per epoch), total {total.Elapsed.TotalSeconds:0.0} s on {net.Threads} thread(s)."));

static int ArgMax(ReadOnlySpan<float> p)
{
    int best = 0;
    for (int k = 1; k < p.Length; k++) if (p[k] > p[best]) best = k;
    return best;
}

// An image stored row-major is already (28, 28): 28 steps of 28 features, so the 784 pixels need no reshaping.
// The first two LSTMs hand every step to the next one; the last keeps only its final state for the classifier.
[Sequential]
[Input(28, 28)]
[Lstm(32, ReturnSequences = true)]
[Lstm(32, ReturnSequences = true)]
[Lstm(32)]
[Dense(10, Activation = Activation.Softmax)]
public partial class StackedLstm;
