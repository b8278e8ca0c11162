// The classic first Keras network: Pima Indians diabetes, 8 inputs -> 12 relu -> 1 sigmoid.
using System.Globalization;
using Unroll;

// Arguments: [data.csv] [--save weights.safetensors] (the saved weights are what samples/ShipIt bakes in).
int save = Array.IndexOf(args, "--save");
string? weightsPath = save >= 0 && save + 1 < args.Length ? args[save + 1] : null;
string[] rest = save >= 0 ? [.. args[..save], .. args[Math.Min(save + 2, args.Length)..]] : args;
string path = rest.Length > 0 ? rest[0] : Path.Combine(AppContext.BaseDirectory, "pima-indians-diabetes.csv");
var (x, y) = Csv.Load(path).SplitLabel(column: 8);
Console.WriteLine($"Loaded {x.Rows} samples with {x.Columns} features from {Path.GetFileName(path)}.");

var net = new PimaNet(seed: 7);
Console.WriteLine(net.Summary());
net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy);
History history = net.Fit(x, y, epochs: 100, batchSize: 10, verbose: 2, seed: 7);

Evaluation score = net.Evaluate(x, y);
Console.WriteLine($"Final training loss {history["loss"][^1]:0.0000}; evaluated on all data: {score}");

Matrix p = net.Predict(x);
for (int i = 0; i < 5; i++)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"sample {i}: predicted {p[i, 0]:0.000} -> class {(p[i, 0] > 0.5f ? 1 : 0)}, actual {y[i, 0]:0}"));

if (weightsPath is not null)
{
    net.SaveWeights(weightsPath);
    Console.WriteLine($"Weights saved to {weightsPath} (safetensors, {new FileInfo(weightsPath).Length} bytes).");
}

[Sequential]
[Input(8)]
[Dense(12, Activation = Activation.ReLU)]
[Dense(1, Activation = Activation.Sigmoid)]
public partial class PimaNet;
