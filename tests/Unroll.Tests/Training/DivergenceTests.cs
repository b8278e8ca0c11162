using Unroll.Tests.Files;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Training;

/// <summary>
/// A diverging run says so at once (log line and History) and can never overwrite a good file
/// with non-finite weights.
/// </summary>
public class DivergenceTests
{
    private static (float[] X, float[] Y) Data(float scale)
    {
        var random = new Random(9);
        float[] x = new float[64 * 4];
        for (int i = 0; i < x.Length; i++) x[i] = (random.NextSingle() * 2 - 1) * scale;
        float[] y = Enumerable.Range(0, 64 * 3).Select(i => (float)(i % 3)).ToArray();
        return (x, y);
    }

    public static TheoryData<float, float> Divergent() => new() { { 1e6f, 1f }, { 0.01f, 1e20f } };

    [Theory]
    [MemberData(nameof(Divergent))]
    public void A_diverging_fit_is_reported_at_its_first_non_finite_step_and_never_saved_over_a_good_file(float learningRate, float inputScale)
    {
        using var folder = new TemporaryFolder();
        string weights = folder.File("good.safetensors"), model = folder.File("good.unroll");
        var net = new HiddenLinearNet(seed: 1);
        net.Compile(new Sgd(learningRate), Loss.MeanSquaredError);
        net.SaveWeights(weights);
        net.Save(model);
        byte[] goodWeights = File.ReadAllBytes(weights), goodModel = File.ReadAllBytes(model);

        var (x, y) = Data(inputScale);
        var log = new StringWriter();
        net.Log = log;
        History history = net.Fit(x, y, epochs: 3, batchSize: 8, verbose: 0);

        Assert.NotNull(history.FirstNonFiniteLoss);
        TrainingStep step = history.FirstNonFiniteLoss!.Value;
        string[] lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines); // said once, at once, even with verbose 0
        Assert.StartsWith($"Epoch {step.Epoch}, batch {step.Batch}: the loss is ", lines[0]);
        Assert.Contains("diverged", lines[0]);
        Assert.False(float.IsFinite(history["loss"][step.Epoch - 1]));

        var e1 = Assert.Throws<InvalidOperationException>(() => net.SaveWeights(weights));
        Assert.Contains("nothing was written", e1.Message);
        var e2 = Assert.Throws<InvalidOperationException>(() => net.Save(model));
        Assert.Contains("unchanged", e2.Message);
        Assert.Equal(goodWeights, File.ReadAllBytes(weights));
        Assert.Equal(goodModel, File.ReadAllBytes(model));
        Assert.Equal(2, Directory.GetFiles(folder.Path).Length); // no temporary file either

        var fresh = new HiddenLinearNet(seed: 2);
        fresh.LoadWeights(weights); // the good file still loads
    }

    [Fact]
    public void A_healthy_fit_records_no_divergence_and_logs_nothing_at_verbose_zero()
    {
        var net = new HiddenLinearNet(seed: 1);
        net.Compile(new Adam(), Loss.MeanSquaredError);
        var log = new StringWriter();
        net.Log = log;
        var (x, y) = Data(1f);
        History history = net.Fit(x, y, epochs: 2, batchSize: 8, verbose: 0);
        Assert.Null(history.FirstNonFiniteLoss);
        Assert.Equal("", log.ToString());
    }
}
