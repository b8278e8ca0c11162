using System.Reflection;
using Unroll.Testing.Reference;

namespace Unroll.Generator.Tests.Differential;

/// <summary>
/// Runs one generated network and the reference interpreter on the same random weights, inputs
/// and labels, and says where they disagree: Predict (batched and single-sample), the loss and every
/// gradient of ComputeGradients, within a tolerance derived from float32 arithmetic; at every
/// kernel width the CPU accelerates (Vector512, Vector256, Vector128) and with the scalar kernels.
/// </summary>
internal static class DifferentialCheck
{
    public enum Outcome { Agrees, Differs, Ambiguous }

    /// <summary>Compares; <paramref name="detail"/> says what differed (or why it was ambiguous).</summary>
    public static Outcome Compare(NetworkCase c, Model net, int seed, out string detail)
    {
        var random = new Random(seed);
        double[] parameters = new double[net.ParameterCount];
        for (int i = 0; i < parameters.Length; i++)
        {
            net.Parameters[i] = (float)(random.NextDouble() - 0.5);
            parameters[i] = net.Parameters[i];
        }
        int batch = c.Batch, inputSize = net.InputSize, classes = c.OutputShape[^1];
        int positions = c.OutputShape.Aggregate(1, (a, d) => a * d) / classes;
        var inputs = new float[batch * inputSize];
        int vocabulary = c.Layers[0] is EmbeddingCase e ? e.InputDim : 0;
        for (int i = 0; i < inputs.Length; i++)
            inputs[i] = vocabulary > 0 ? random.Next(vocabulary) : (float)(2 * random.NextDouble() - 1);
        float[] labels = Labels(c, random, batch, positions, classes);

        var reference = new ReferenceInterpreter(c);
        net.Compile(new Sgd(), c.RuntimeLoss);
        ReferenceInterpreter.Result inference = reference.Run(parameters, inputs, null, batch, null);
        bool nearTie = inference.NearTie;
        string? difference = null;
        foreach (KernelWidth width in Widths())
        {
            net.KernelWidth = width;
            float[] predicted = net.Predict(inputs);
            var single = new float[net.OutputSize];
            net.Predict(inputs.AsSpan(0, inputSize), single);

            float loss = net.ComputeGradients(inputs, labels);
            float[] gradients = net.Gradients.ToArray();
            // Dropout draws new masks per pass: the reference follows this pass's.
            ReferenceInterpreter.Result training = reference.Run(parameters, inputs, labels, batch, DropoutMasks(c, net, batch));
            nearTie |= training.NearTie;

            difference = Differs("Predict", predicted, inference.Outputs)
                ?? Differs("Predict (one sample)", single, inference.Outputs[..net.OutputSize])
                ?? Differs("loss", [loss], [training.Loss])
                ?? Differs("gradient", gradients, training.Gradients);
            if (difference is not null)
            {
                difference = $"{width} kernels: {difference}";
                break;
            }
        }
        net.KernelWidth = KernelWidth.Widest;
        detail = difference ?? "";
        if (difference is null) return Outcome.Agrees;
        return nearTie ? Outcome.Ambiguous : Outcome.Differs;
    }

    /// <summary>
    /// Every kernel width this CPU runs as its own path: the widest (Vector512 with AVX-512), Vector256
    /// (a path of its own only when Vector512 is wider), Vector128, and scalar.
    /// </summary>
    internal static IEnumerable<KernelWidth> Widths()
    {
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) yield return KernelWidth.Widest;
        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) yield return KernelWidth.Vector256;
        if (System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated) yield return KernelWidth.Vector128;
        yield return KernelWidth.Scalar;
    }

    private static float[] Labels(NetworkCase c, Random random, int batch, int positions, int classes)
    {
        switch (c.Loss)
        {
            case LossKind.SparseCategoricalCrossEntropy:
                return [.. Enumerable.Range(0, batch * positions).Select(_ => (float)random.Next(classes))];
            case LossKind.CategoricalCrossEntropy:
                {
                    var y = new float[batch * positions * classes];
                    for (int r = 0; r < batch * positions; r++) y[r * classes + random.Next(classes)] = 1;
                    return y;
                }
            case LossKind.BinaryCrossEntropy:
                return [.. Enumerable.Range(0, batch * positions * classes).Select(_ => (float)random.Next(2))];
            default:
                return [.. Enumerable.Range(0, batch * positions * classes).Select(_ => (float)(2 * random.NextDouble() - 1))];
        }
    }

    /// <summary>The masks the network drew in its last training pass, by layer index (the workspace field the plan names after the Keras layer, <c>__dropout1Mask</c>).</summary>
    private static Dictionary<int, float[]> DropoutMasks(NetworkCase c, Model net, int batch)
    {
        var masks = new Dictionary<int, float[]>();
        int dropouts = 0;
        for (int l = 0; l < c.Layers.Length; l++)
        {
            if (c.Layers[l] is not DropoutCase) continue;
            string name = global::Unroll.Generator.Lowering.KernelPlanner.Field(global::Unroll.Generator.Lowering.KernelPlanner.LocalName(global::Unroll.Generator.Spec.LayerKinds.Dropout.AutomaticName(dropouts++)), "Mask");
            FieldInfo field = net.GetType().GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)
                ?? throw new InvalidOperationException($"{net.GetType().Name} has no dropout mask field {name} for layer {l}.");
            masks[l] = (float[])field.GetValue(net)!;
        }
        return masks;
    }

    /// <summary>
    /// float32 against float64: each value within 1e-3 of its own size, plus 1e-4 of the largest
    /// value of the tensor (sums of many float32 products lose digits relative to their terms).
    /// </summary>
    private static string? Differs(string what, float[] actual, double[] expected)
    {
        if (actual.Length != expected.Length) return $"{what}: {actual.Length} values, reference {expected.Length}";
        double scale = expected.Select(Math.Abs).DefaultIfEmpty(0).Max();
        for (int i = 0; i < actual.Length; i++)
        {
            double tolerance = 1e-3 * Math.Abs(expected[i]) + 1e-4 * Math.Max(scale, 1e-2);
            if (!(Math.Abs(actual[i] - expected[i]) <= tolerance))
                return $"{what}[{i}]: Unroll {actual[i]:G9}, reference {expected[i]:G9} (tolerance {tolerance:G3})";
        }
        return null;
    }
}
