namespace Unroll.Tests.Numerics;

/// <summary>
/// One network run at a vector width and at the scalar width on the same batch: loss, gradients,
/// batched and single-sample predictions must agree within float rounding of the summation order.
/// </summary>
internal static class WidthAgreement
{
    public static void AssertMatchesScalar(Model net, float[] x, float[] y, KernelWidth width, string label)
    {
        net.KernelWidth = width;
        float vectorLoss = net.ComputeGradients(x, y);
        float[] vectorGradients = net.Gradients.ToArray();
        float[] vectorOutputs = net.Predict(x);
        float[] vectorSingle = net.Predict(x.AsSpan(0, net.InputSize));
        net.KernelWidth = KernelWidth.Scalar;
        float scalarLoss = net.ComputeGradients(x, y);
        float[] scalarGradients = net.Gradients.ToArray();
        float[] scalarOutputs = net.Predict(x);

        Assert.Equal(scalarLoss, vectorLoss, 1e-5f);
        for (int i = 0; i < vectorOutputs.Length; i++) Assert.Equal(scalarOutputs[i], vectorOutputs[i], 1e-5f);
        for (int i = 0; i < vectorSingle.Length; i++) Assert.Equal(scalarOutputs[i], vectorSingle[i], 1e-5f);
        for (int i = 0; i < vectorGradients.Length; i++)
            Assert.True(Math.Abs(vectorGradients[i] - scalarGradients[i]) <= 1e-5f + 1e-4f * Math.Abs(scalarGradients[i]), $"{label}, {width}: gradient {i}: {vectorGradients[i]} vs {scalarGradients[i]}");
        Assert.Contains(vectorGradients, g => g != 0);
    }
}
