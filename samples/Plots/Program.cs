// The Keras tutorials' two pictures: the loss and accuracy curves of a training run (train vs
// validation), and the architecture picture of plot_model, for the Pima network.
// samples/Plots/pictures/ holds what it draws (loss.png, accuracy.png, model.png, model.svg), for the README.
using Unroll;
using Unroll.Plotting;

// Arguments: [output folder] (default: artifacts/plots under the current folder).
string output = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine("artifacts", "plots"));
string data = Path.Combine(AppContext.BaseDirectory, "pima-indians-diabetes.csv");
var (x, y) = Csv.Load(data).SplitLabel(column: 8);

var net = new PimaNet(seed: 7);
net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy);
// Keras: history = model.fit(X, y, validation_split=0.33, epochs=150, batch_size=10, verbose=0)
History history = net.Fit(x, y, epochs: 150, batchSize: 10, validationSplit: 0.33, verbose: 0, seed: 7);
Console.WriteLine($"Trained {history.Epochs.Count} epochs on {history.TrainSamples} samples, validated on {history.ValidationSamples}.");
Console.WriteLine($"Last epoch: loss {history["loss"][^1]:0.0000}, accuracy {history["accuracy"][^1]:0.0000}, val_loss {history["val_loss"][^1]:0.0000}, val_accuracy {history["val_accuracy"][^1]:0.0000}");

// plt.plot(history.history['loss']); plt.plot(history.history['val_loss']); plt.title('model loss') …
Plots.History(history, "loss").SavePng(Path.Combine(output, "loss.png"));
history.PlotToSvg(Path.Combine(output, "loss.svg"), metric: "loss");
history.PlotToPng(Path.Combine(output, "accuracy.png"), metric: "accuracy");

// keras.utils.plot_model(model, to_file='model.png', show_shapes=True, show_layer_names=True)
ModelDiagram model = Plots.PlotModel(net, toFile: Path.Combine(output, "model.png"), showShapes: true, showLayerNames: true);
model.SaveSvg(Path.Combine(output, "model.svg"));
model.SaveDot(Path.Combine(output, "model.dot"));

foreach (string file in new[] { "loss.png", "loss.svg", "accuracy.png", "model.png", "model.svg", "model.dot" })
    Console.WriteLine($"wrote {Path.Combine(output, file)} ({new FileInfo(Path.Combine(output, file)).Length} bytes)");

[Sequential]
[Input(8)]
[Dense(12, Activation = Activation.ReLU)]
[Dense(8, Activation = Activation.ReLU)]
[Dense(1, Activation = Activation.Sigmoid)]
public partial class PimaNet;
