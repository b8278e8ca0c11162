// XOR through the Unroll package: proves that a PackageReference alone runs the generator.
using Unroll;

float[] x = [0, 0, 0, 1, 1, 0, 1, 1];
float[] y = [0, 1, 1, 0];
var net = new XorNet(seed: 1);
net.Compile(new Adam(learningRate: 0.05f), Loss.BinaryCrossEntropy, Metric.Accuracy);
net.Fit(x, y, epochs: 300, batchSize: 4, verbose: 0);
Console.WriteLine($"XOR through the Unroll package: {net.Evaluate(x, y)}");
return net.Evaluate(x, y)["accuracy"] == 1f ? 0 : 1;

[Sequential, Input(2), Dense(8, Activation = Activation.Tanh), Dense(1, Activation = Activation.Sigmoid)]
public partial class XorNet;
