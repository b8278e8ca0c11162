using System.Reflection;
using System.Text.Json;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Files;

/// <summary>[BakedWeights]: the weights ship inside the assembly and load without a file.</summary>
public class BakedWeightsTests
{
    [Fact]
    public void A_baked_network_predicts_with_the_weights_built_in()
    {
        BakedPimaNet net = BakedPimaNet.CreateBaked();
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tfjs", "pima", "expected.json")));
        float[] inputs = [.. expected.RootElement.GetProperty("inputs").GetProperty("data").EnumerateArray().Select(e => (float)e.GetDouble())];
        float[] outputs = [.. expected.RootElement.GetProperty("outputs").GetProperty("data").EnumerateArray().Select(e => (float)e.GetDouble())];
        float[] predicted = net.Predict(inputs);
        for (int i = 0; i < outputs.Length; i++)
            Assert.True(Math.Abs(outputs[i] - predicted[i]) <= 1e-5f, $"output {i}: tfjs {outputs[i]}, baked {predicted[i]}");
    }

    [Fact]
    public void The_embedded_bytes_are_read_in_place_not_copied()
    {
        Assembly assembly = typeof(BakedPimaNet).Assembly;
        EmbeddedWeights.Get(assembly, "pima.safetensors"); // warm up resource lookup caches
        long before = GC.GetAllocatedBytesForCurrentThread();
        ReadOnlySpan<byte> bytes = EmbeddedWeights.Get(assembly, "pima.safetensors");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(new FileInfo(Path.Combine(AppContext.BaseDirectory, "Fixtures", "baked", "pima.safetensors")).Length, bytes.Length);
        Assert.True(allocated < bytes.Length / 2, $"reading {bytes.Length} embedded bytes allocated {allocated}: they were copied");
    }

    [Fact]
    public void Loading_checks_values_in_place_and_allocates_no_weight_sized_buffer()
    {
        var net = new LongNet(seed: 1); // 9 154 parameters: a copy would show
        using var folder = new TemporaryFolder();
        net.SaveWeights(folder.File("w.safetensors"));
        byte[] file = File.ReadAllBytes(folder.File("w.safetensors"));
        net.LoadWeights(file, "warm-up");
        long before = GC.GetAllocatedBytesForCurrentThread();
        net.LoadWeights(file, "file");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < net.ParameterCount * sizeof(float) / 4, $"loading {net.ParameterCount} weights allocated {allocated} bytes");
    }

    [Fact]
    public void A_resource_that_is_not_embedded_is_named()
    {
        var e = Assert.Throws<WeightFileException>(() => EmbeddedWeights.Get(typeof(BakedPimaNet).Assembly, "nothing.safetensors").Length);
        Assert.Equal("nothing.safetensors", e.Source);
        Assert.Contains("<UnrollBakedWeights", e.Problem);
    }
}
