namespace Unroll.Plotting.Tests;

/// <summary>Real Histories: a small Pima-shaped network trained a few epochs on seeded data.</summary>
internal static class TestHistories
{
    public static History Train(int epochs = 6, double validationSplit = 0.25)
    {
        var random = new SeededRandom(3);
        const int samples = 96;
        var x = new float[samples * 8];
        var y = new float[samples];
        for (int s = 0; s < samples; s++)
        {
            float sum = 0;
            for (int f = 0; f < 8; f++) sum += x[s * 8 + f] = (float)(random.NextDouble() * 2 - 1);
            y[s] = sum > 0 ? 1 : 0;
        }
        var net = new PimaNet(seed: 5);
        net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy);
        return net.Fit(x, y, epochs: epochs, batchSize: 8, verbose: 0, validationSplit: validationSplit, seed: 5);
    }
}
