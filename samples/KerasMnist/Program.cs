// A model trained in Python with Keras 3.1.1 (the keras.io mnist_convnet example, saved with
// model.save("mnist_model.keras"); MIT licence, LICENSE-mnist_convnet.txt) predicts in C#:
// the architecture comes from the archive's config.json at build time, the weights from the archive
// itself at run time. The digits are the pixels of the two sample images that came with it.
using System.Globalization;
using Unroll;
using Unroll.Keras;

var net = new MnistConvnet();
net.LoadKerasWeights(Path.Combine(AppContext.BaseDirectory, "mnist_convnet.keras"));
Console.WriteLine($"Loaded {KerasFile.Describe(Path.Combine(AppContext.BaseDirectory, "mnist_convnet.keras"))}: {net.ParameterCount} weights.");

foreach (string digit in new[] { "digit_1.pgm", "digit_8.pgm" })
{
    float[] pixels = ReadPgm(Path.Combine(AppContext.BaseDirectory, digit));
    float[] probabilities = net.Predict(pixels);
    int best = Array.IndexOf(probabilities, probabilities.Max());
    Console.WriteLine($"{digit}: {best} (p = {probabilities[best].ToString("F5", CultureInfo.InvariantCulture)})");
}

// And back: the files Unroll writes (a .keras archive and a legacy full-model .h5 for Keras 3's load_model,
// Keras 3's .weights.h5 and Keras 2's legacy weights .h5 for load_weights), each read again here.
foreach (var (file, save) in new (string, Action<Model, string>)[]
{
    ("mnist_convnet_from_unroll.keras", KerasFile.Save), ("mnist_convnet_from_unroll_model.h5", KerasFile.SaveLegacyModel),
    ("mnist_convnet_from_unroll.weights.h5", KerasFile.SaveWeights), ("mnist_convnet_from_unroll.h5", KerasFile.SaveLegacyWeights),
})
{
    string saved = Path.Combine(Path.GetTempPath(), file);
    save(net, saved);
    var again = new MnistConvnet();
    again.LoadKerasWeights(saved);
    Console.WriteLine($"Wrote {saved} ({KerasFile.Describe(saved)}); read back: {(again.Weights.SequenceEqual(net.Weights) ? "the same weights" : "DIFFERENT weights")}.");
}

// Plain PGM (P2): width, height, maximum, then the grey values; scaled to [0, 1] as the notebook did.
static float[] ReadPgm(string path)
{
    string[] tokens = File.ReadAllText(path).Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
    if (tokens[0] != "P2") throw new InvalidDataException($"{path} is not a plain PGM file.");
    int width = int.Parse(tokens[1], CultureInfo.InvariantCulture), height = int.Parse(tokens[2], CultureInfo.InvariantCulture);
    float max = float.Parse(tokens[3], CultureInfo.InvariantCulture);
    return [.. tokens.Skip(4).Take(width * height).Select(t => float.Parse(t, CultureInfo.InvariantCulture) / max)];
}

[KerasModel("mnist_convnet.keras")]
public partial class MnistConvnet;
