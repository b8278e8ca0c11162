using System.Diagnostics;
using System.Text.Json;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Files;

/// <summary>SaveWeights / LoadWeights: the safetensors file as an independent reader sees it, round trips, and clear errors.</summary>
public class WeightFileTests
{
    public static TheoryData<string> Networks => ["pima", "conv", "lstm"];

    private static Model Create(string network, int seed) => network switch
    {
        "pima" => new PimaNet(seed),
        "conv" => new ConvToDenseSoftmaxNet(seed),
        "lstm" => new EmbeddingLstmNet(seed),
        _ => throw new ArgumentException(network),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void An_independent_reader_sees_Keras_names_shapes_and_every_value(string network)
    {
        using var folder = new TemporaryFolder();
        Model net = Create(network, seed: 3);
        string path = folder.File("weights.safetensors");
        net.SaveWeights(path);

        using JsonDocument read = ReadWithPython(path);
        JsonElement tensors = read.RootElement.GetProperty("tensors");
        Assert.Equal(net.ParameterTensors.Select(t => t.Name), tensors.EnumerateObject().Select(p => p.Name));
        foreach (ParameterTensor t in net.ParameterTensors)
        {
            JsonElement tensor = tensors.GetProperty(t.Name);
            Assert.Equal(t.Shape, tensor.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
            float[] values = [.. tensor.GetProperty("values").EnumerateArray().Select(e => (float)e.GetDouble())];
            Assert.Equal(net.Parameters.Slice(t.Offset, t.Length).ToArray(), values);
        }
        JsonElement metadata = read.RootElement.GetProperty("metadata");
        Assert.Equal("unroll.weights", metadata.GetProperty("format").GetString());
        Assert.Equal(net.Name, metadata.GetProperty("network").GetString());
    }

    [Fact]
    public void Pima_tensors_carry_the_Keras_names_and_layouts()
    {
        var net = new PimaNet(seed: 1);
        Assert.Equal(["dense/kernel (8, 12)", "dense/bias (12)", "dense_1/kernel (12, 1)", "dense_1/bias (1)"],
            net.ParameterTensors.Select(t => $"{t.Name} ({string.Join(", ", t.Shape)})"));
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Weights_round_trip_into_a_differently_seeded_instance(string network)
    {
        using var folder = new TemporaryFolder();
        Model saved = Create(network, seed: 3), loaded = Create(network, seed: 4);
        Assert.NotEqual(saved.Parameters.ToArray(), loaded.Parameters.ToArray());
        saved.SaveWeights(folder.File("w.safetensors"));
        loaded.LoadWeights(folder.File("w.safetensors"));
        Assert.Equal(saved.Parameters.ToArray(), loaded.Parameters.ToArray());

        float[] x = new float[3 * saved.InputSize];
        for (int i = 0; i < x.Length; i++) x[i] = network == "lstm" ? i % 11 : MathF.Sin(i);
        Assert.Equal(saved.Predict(x), loaded.Predict(x));
    }

    [Fact]
    public void A_missing_tensor_is_named_and_the_weights_stay_as_they_were()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("w.safetensors");
        WriteFile(path, ("dense/kernel", [8, 12]), ("dense/bias", [12]), ("dense_1/kernel", [12, 1]));
        var net = new PimaNet(seed: 1);
        float[] before = net.Parameters.ToArray();
        var e = Assert.Throws<WeightFileException>(() => net.LoadWeights(path));
        Assert.Equal(path, e.Source);
        Assert.StartsWith("tensor 'dense_1/bias' (1) of PimaNet is missing; the file holds 'dense/kernel', 'dense/bias', 'dense_1/kernel'", e.Problem);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Fact]
    public void A_tensor_of_the_wrong_shape_says_both_shapes()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("w.safetensors");
        WriteFile(path, ("dense/kernel", [8, 16]), ("dense/bias", [16]), ("dense_1/kernel", [16, 1]), ("dense_1/bias", [1]));
        var e = Assert.Throws<WeightFileException>(() => new PimaNet(seed: 1).LoadWeights(path));
        Assert.Equal("tensor 'dense/kernel' has shape (8, 16) in the file but (8, 12) in PimaNet: a different architecture.", e.Problem);
    }

    [Fact]
    public void An_extra_tensor_means_a_different_architecture()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("w.safetensors");
        WriteFile(path, ("dense/kernel", [8, 12]), ("dense/bias", [12]), ("dense_1/kernel", [12, 1]), ("dense_1/bias", [1]), ("dense_2/kernel", [1, 1]));
        var e = Assert.Throws<WeightFileException>(() => new PimaNet(seed: 1).LoadWeights(path));
        Assert.Equal("the file holds tensor 'dense_2/kernel' (1, 1), which PimaNet does not have: it was saved from a different architecture (5 tensors; PimaNet has 4).", e.Problem);
    }

    [Fact]
    public void Weights_of_another_network_are_refused()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("w.safetensors");
        new XorNet(seed: 1).SaveWeights(path);
        var e = Assert.Throws<WeightFileException>(() => new PimaNet(seed: 1).LoadWeights(path));
        Assert.Equal("tensor 'dense/kernel' has shape (2, 8) in the file but (8, 12) in PimaNet: a different architecture.", e.Problem);
    }

    [Fact]
    public void A_non_finite_weight_is_refused_with_its_tensor_and_index()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("w.safetensors");
        new PimaNet(seed: 1).SaveWeights(path); // SaveWeights itself refuses NaN (DivergenceTests): write it into the file
        byte[] file = File.ReadAllBytes(path);
        long dataStart = 8 + BitConverter.ToInt64(file, 0);
        BitConverter.TryWriteBytes(file.AsSpan((int)dataStart + 4 * (96 + 5)), float.NaN); // dense/bias[5]
        file[file.AsSpan().IndexOf("\"crc32\""u8) + 1] = (byte)'x'; // as another writer's file, without Unroll's checksum (which would catch the change first)
        File.WriteAllBytes(path, file);
        var e = Assert.Throws<WeightFileException>(() => new PimaNet(seed: 2).LoadWeights(path));
        Assert.Equal("tensor 'dense/bias' holds NaN at index 5; weights must be finite.", e.Problem);
    }

    [Fact]
    public void Truncated_and_foreign_files_say_what_is_wrong()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("w.safetensors");
        new PimaNet(seed: 1).SaveWeights(path);
        byte[] good = File.ReadAllBytes(path);
        var net = new PimaNet(seed: 1);

        File.WriteAllBytes(path, good[..^4]);
        Assert.Equal("tensor 'dense_1/bias' spans bytes [480, 484) but the data section has 480: the file is truncated or damaged.",
            Assert.Throws<WeightFileException>(() => net.LoadWeights(path)).Problem);

        File.WriteAllBytes(path, good[..100]);
        Assert.Contains("not a safetensors file, or truncated", Assert.Throws<WeightFileException>(() => net.LoadWeights(path)).Problem);

        File.WriteAllBytes(path, "PK\x03\x04 this is a zip, not weights"u8.ToArray());
        Assert.Contains("not a safetensors file", Assert.Throws<WeightFileException>(() => net.LoadWeights(path)).Problem);

        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Equal("3 bytes is too short for a safetensors file (8-byte header length, JSON header, data).",
            Assert.Throws<WeightFileException>(() => net.LoadWeights(path)).Problem);

        Assert.Equal("the file does not exist.", Assert.Throws<WeightFileException>(() => net.LoadWeights(folder.File("none.safetensors"))).Problem);
    }

    [Fact]
    public void Weights_load_from_memory_as_well_as_from_a_file()
    {
        using var folder = new TemporaryFolder();
        var saved = new PimaNet(seed: 5);
        saved.SaveWeights(folder.File("w.safetensors"));
        var loaded = new PimaNet(seed: 6);
        loaded.LoadWeights(File.ReadAllBytes(folder.File("w.safetensors")), "embedded pima");
        Assert.Equal(saved.Parameters.ToArray(), loaded.Parameters.ToArray());
        var e = Assert.Throws<WeightFileException>(() => loaded.LoadWeights(new byte[12], "embedded pima"));
        Assert.StartsWith("embedded pima: ", e.Message);
    }

    /// <summary>A safetensors file with the given tensors (zeros), written by hand, not by Unroll.</summary>
    internal static void WriteFile(string path, params (string Name, int[] Shape)[] tensors)
    {
        var header = new Dictionary<string, object>();
        long offset = 0;
        foreach (var (name, shape) in tensors)
        {
            long bytes = 4L * shape.Aggregate(1, (a, b) => a * b);
            header[name] = new { dtype = "F32", shape, data_offsets = new[] { offset, offset + bytes } };
            offset += bytes;
        }
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header);
        using var stream = File.Create(path);
        stream.Write(BitConverter.GetBytes((ulong)json.Length));
        stream.Write(json);
        stream.Write(new byte[offset]);
    }

    internal static JsonDocument ReadWithPython(string path)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "read_safetensors.py");
        var start = new ProcessStartInfo("python3", [script, path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"read_safetensors.py failed: {error}");
        return JsonDocument.Parse(output);
    }
}
