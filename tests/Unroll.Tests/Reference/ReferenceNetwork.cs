using Unroll;

namespace Unroll.Tests.Reference;

/// <summary>One Dense (or parameter-free activation) layer of the slow reference.</summary>
public sealed record ReferenceLayer(int Inputs, int Units, Activation Activation, bool Dense = true, bool UseBias = true, double L2 = 0)
{
    public static ReferenceLayer Of(int inputs, int units, Activation activation = Activation.Linear, bool useBias = true, double l2 = 0)
        => new(inputs, units, activation, true, useBias, l2);

    public static ReferenceLayer ActivationOnly(int units, Activation activation) => new(units, units, activation, Dense: false);

    public int ParameterCount => Dense ? Inputs * Units + (UseBias ? Units : 0) : 0;
}

/// <summary>
/// A slow, obviously correct float64 implementation of a Dense stack and the Keras losses (the
/// micrograd of Unroll): the oracle that the generated float32 code and the finite differences
/// are checked against. Written from the Keras definitions, sharing no code with the runtime.
/// </summary>
public sealed class ReferenceNetwork(params ReferenceLayer[] layers)
{
    public IReadOnlyList<ReferenceLayer> Layers => layers;

    public int ParameterCount => layers.Sum(l => l.ParameterCount);

    public double[] Forward(double[] parameters, double[] x, int batch)
    {
        double[] current = x;
        int offset = 0;
        foreach (ReferenceLayer layer in layers)
        {
            var next = new double[batch * layer.Units];
            for (int s = 0; s < batch; s++)
                for (int j = 0; j < layer.Units; j++)
                {
                    if (!layer.Dense) { next[s * layer.Units + j] = current[s * layer.Units + j]; continue; }
                    double z = layer.UseBias ? parameters[offset + layer.Inputs * layer.Units + j] : 0;
                    for (int k = 0; k < layer.Inputs; k++)
                        z += current[s * layer.Inputs + k] * parameters[offset + k * layer.Units + j];
                    next[s * layer.Units + j] = z;
                }
            for (int s = 0; s < batch; s++) Activate(layer.Activation, next.AsSpan(s * layer.Units, layer.Units));
            offset += layer.ParameterCount;
            current = next;
        }
        return current;
    }

    public double Loss(double[] parameters, double[] x, double[] y, int batch, Loss loss)
    {
        double[] p = Forward(parameters, x, batch);
        int units = layers[^1].Units;
        double total = 0;
        for (int s = 0; s < batch; s++)
            total += SampleLoss(loss, p.AsSpan(s * units, units), y, s, units);
        double penalty = 0;
        int offset = 0;
        foreach (ReferenceLayer layer in layers)
        {
            for (int i = 0; i < layer.Inputs * layer.Units && layer.Dense; i++)
                penalty += layer.L2 * parameters[offset + i] * parameters[offset + i];
            offset += layer.ParameterCount;
        }
        return total / batch + penalty;
    }

    private static double SampleLoss(Loss loss, ReadOnlySpan<double> p, double[] y, int s, int units)
    {
        const double eps = 1e-7;
        double Clip(double v) => Math.Clamp(v, eps, 1 - eps);
        switch (loss.Name)
        {
            case "mean_squared_error":
                { double t = 0; for (int j = 0; j < units; j++) t += Math.Pow(p[j] - y[s * units + j], 2); return t / units; }
            case "mean_absolute_error":
                { double t = 0; for (int j = 0; j < units; j++) t += Math.Abs(p[j] - y[s * units + j]); return t / units; }
            case "binary_crossentropy":
                {
                    double t = 0;
                    for (int j = 0; j < units; j++)
                    {
                        double q = Clip(p[j]), l = y[s * units + j];
                        t -= l * Math.Log(q) + (1 - l) * Math.Log(1 - q);
                    }
                    return t / units;
                }
            case "categorical_crossentropy":
                {
                    double sum = 0, t = 0;
                    for (int j = 0; j < units; j++) sum += p[j];
                    for (int j = 0; j < units; j++) t -= y[s * units + j] * Math.Log(Clip(p[j] / sum));
                    return t;
                }
            case "sparse_categorical_crossentropy":
                {
                    double sum = 0;
                    for (int j = 0; j < units; j++) sum += p[j];
                    return -Math.Log(Clip(p[(int)y[s]] / sum));
                }
            default: throw new ArgumentException(loss.Name);
        }
    }

    private static void Activate(Activation activation, Span<double> row)
    {
        switch (activation)
        {
            case Activation.ReLU: for (int j = 0; j < row.Length; j++) row[j] = Math.Max(row[j], 0); break;
            case Activation.Sigmoid: for (int j = 0; j < row.Length; j++) row[j] = 1 / (1 + Math.Exp(-row[j])); break;
            case Activation.Tanh: for (int j = 0; j < row.Length; j++) row[j] = Math.Tanh(row[j]); break;
            case Activation.Softmax:
                double max = double.NegativeInfinity, sum = 0;
                foreach (double v in row) max = Math.Max(max, v);
                for (int j = 0; j < row.Length; j++) sum += row[j] = Math.Exp(row[j] - max);
                for (int j = 0; j < row.Length; j++) row[j] /= sum;
                break;
        }
    }

    /// <summary>Central differences of <see cref="Loss"/> in float64.</summary>
    public double[] NumericGradient(double[] parameters, double[] x, double[] y, int batch, Loss loss, double h = 1e-6)
    {
        var gradient = new double[parameters.Length];
        var probe = (double[])parameters.Clone();
        for (int i = 0; i < parameters.Length; i++)
        {
            probe[i] = parameters[i] + h;
            double up = Loss(probe, x, y, batch, loss);
            probe[i] = parameters[i] - h;
            double down = Loss(probe, x, y, batch, loss);
            probe[i] = parameters[i];
            gradient[i] = (up - down) / (2 * h);
        }
        return gradient;
    }
}
