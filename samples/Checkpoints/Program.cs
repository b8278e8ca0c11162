// A checkpoint every epoch with templated names, as the classic Keras tutorial: the Pima network
// (8 -> 12 relu -> 8 relu -> 1 sigmoid), validationSplit 0.33, 10 epochs of batch 10 (the tutorial's
// 150 would write 150 files), and
// ModelCheckpoint("model_{epoch:02d}_{val_loss:.2f}.unroll", verbose: 1): each epoch's whole model
// (weights and optimizer state) saved under the name Keras would give it. Then the last file is
// loaded into a fresh network and evaluated: the same numbers as the trained one.
// Data: samples/Pima's table (see samples/Pima/DATA.md). Files go to a new temporary folder, or to
// the folder given with --dir.
//   dotnet run -c Release --project samples/Checkpoints [-- --dir checkpoints]
using System.Globalization;
using Unroll;

int dirIndex = Array.IndexOf(args, "--dir");
string folder = dirIndex >= 0 && dirIndex + 1 < args.Length
    ? Directory.CreateDirectory(args[dirIndex + 1]).FullName
    : Directory.CreateTempSubdirectory("unroll-checkpoints-").FullName;
var (x, y) = Csv.Load(Path.Combine(AppContext.BaseDirectory, "pima-indians-diabetes.csv")).SplitLabel(column: 8);

var net = new PimaCheckpointNet(seed: 7);
net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy);
var checkpoint = new ModelCheckpoint(Path.Combine(folder, "model_{epoch:02d}_{val_loss:.2f}.unroll"), verbose: 1);
net.Fit(x, y, epochs: 10, batchSize: 10, validationSplit: 0.33, verbose: 2, seed: 7, callbacks: [checkpoint]);

Console.WriteLine($"{checkpoint.SavedFiles.Count} checkpoints in {folder}:");
foreach (string file in Directory.GetFiles(folder, "model_*.unroll").Order())
    Console.WriteLine($"  {Path.GetFileName(file)} ({new FileInfo(file).Length} bytes)");

var restored = new PimaCheckpointNet(seed: 1);
restored.Load(checkpoint.SavedFiles[^1]);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Trained network:               {net.Evaluate(x, y)}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Loaded {Path.GetFileName(checkpoint.SavedFiles[^1])}: {restored.Evaluate(x, y)}"));

[Sequential]
[Input(8)]
[Dense(12, Activation = Activation.ReLU)]
[Dense(8, Activation = Activation.ReLU)]
[Dense(1, Activation = Activation.Sigmoid)]
public partial class PimaCheckpointNet;
