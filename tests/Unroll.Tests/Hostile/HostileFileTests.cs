using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using Unroll.Tests.Files;
using Unroll.Tests.Networks;
using Xunit.Abstractions;

namespace Unroll.Tests.Hostile;

/// <summary>
/// Hostile data and files: every loader is fed thousands of damaged copies of a good file
/// (<see cref="Mutator"/>; counts in <see cref="FuzzCases"/>) and must, for each, either refuse it
/// with its own exception type, changing nothing, or load exactly what the file says — never other
/// numbers — while allocating no more than a small multiple of the file. Files Unroll wrote carry
/// a checksum, so a changed one never loads as different weights (unless the damage destroys the
/// checksum's own key: then it is read as any other writer's file); formats without one (foreign
/// safetensors, TF.js shards, raw IDX, CSV) must load what their bytes say, checked against an
/// independent decoding.
/// </summary>
public class HostileFileTests(ITestOutputHelper output)
{
    private const long AllocationSlack = 512 * 1024;

    private enum Outcome { Refused, Loaded, Unchanged }

    private void Report(string loader, Dictionary<Outcome, int> counts, string extra = "")
        => output.WriteLine($"{loader}: {counts.Values.Sum()} mutated files, {counts.GetValueOrDefault(Outcome.Refused)} refused, "
            + $"{counts.GetValueOrDefault(Outcome.Loaded)} loaded, {counts.GetValueOrDefault(Outcome.Unchanged)} mutations that left the file as it was{extra}");

    private static float[] Floats(ReadOnlySpan<byte> bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();

    // file: the damaged file, shown (base64) in a failure so that the case can be replayed.
    private static void AssertSameBits(float[] expected, ReadOnlySpan<float> actual, string what, byte[]? file = null)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what}: value {i} is {actual[i]}, expected {expected[i]}" + (file is null ? "" : $"; the file: {Convert.ToBase64String(file)}"));
    }

    // Runs load, which may only throw TRefusal; returns whether it loaded, and checks the allocation bound.
    private static bool LoadOrRefuse<TRefusal>(Action load, long fileBytes, string what) where TRefusal : Exception
        => LoadOrRefuse(load, fileBytes, what, typeof(TRefusal));

    private static bool LoadOrRefuse(Action load, long fileBytes, string what, params Type[] refusals)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool loaded;
        try
        {
            load();
            loaded = true;
        }
        catch (Exception e) when (Array.Exists(refusals, t => t.IsInstanceOfType(e)))
        {
            loaded = false;
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name} escaped the loader ({e.Message})");
            throw;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= AllocationSlack + 32 * fileBytes, $"{what}: loading {fileBytes} bytes allocated {allocated}");
        return loaded;
    }

    private static byte[] SavedWeights(bool withChecksum, out float[] weights)
    {
        var net = new PimaNet(seed: 1);
        weights = net.Parameters.ToArray();
        var stream = new MemoryStream();
        if (withChecksum)
        {
            using var folder = new TemporaryFolder();
            net.SaveWeights(folder.File("w.safetensors"));
            return File.ReadAllBytes(folder.File("w.safetensors"));
        }
        // As another writer (Python's safetensors) would: no checksum.
        SafeTensors.WriteHeader(stream, [.. net.ParameterTensors.Select(t => (t.Name, t.Shape))], [new("format", "pt")]);
        SafeTensors.WriteFloats(stream, net.Parameters);
        return stream.ToArray();
    }

    /// <summary>
    /// What a loaded damaged safetensors file may hold: with its checksum intact, the original
    /// weights only. Without one (another writer's file, or damage that hit the checksum's own
    /// key) the file is a valid safetensors file with other contents — a shortened header length
    /// and a shortened data section make one — and must hold what an independent reading of its
    /// header and offsets says.
    /// </summary>
    private static float[] Admissible(byte[] mutated, float[] originalWeights, IReadOnlyList<ParameterTensor> tensors, out bool checksummed)
    {
        checksummed = SafeTensors.ReadHeader(mutated, "m").ChecksumAt >= 0;
        return checksummed ? originalWeights : ReadIndependently(mutated, tensors);
    }

    // The tensors' floats where the header (parsed by System.Text.Json, not the loader's reader) puts them.
    private static float[] ReadIndependently(byte[] file, IReadOnlyList<ParameterTensor> tensors)
    {
        long headerLength = (long)BitConverter.ToUInt64(file);
        using var header = System.Text.Json.JsonDocument.Parse(file.AsMemory(8, (int)headerLength));
        // The format's rule: the tensors (all of them, the optimizer's too) tile the data section exactly.
        var ranges = header.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__")
            .Select(p => (Begin: p.Value.GetProperty("data_offsets")[0].GetInt64(), End: p.Value.GetProperty("data_offsets")[1].GetInt64()))
            .OrderBy(r => r.Begin).ThenBy(r => r.End).ToList();
        long covered = 0;
        foreach (var (begin, end) in ranges)
        {
            Assert.True(begin == covered, $"loaded a file whose tensors leave a hole or overlap at data byte {covered}");
            covered = end;
        }
        Assert.True(covered == file.Length - 8 - headerLength, $"loaded a file whose tensors cover {covered} bytes of a {file.Length - 8 - headerLength}-byte data section");
        var values = new List<float>();
        foreach (ParameterTensor tensor in tensors)
        {
            var offsets = header.RootElement.GetProperty(tensor.Name).GetProperty("data_offsets");
            long begin = 8 + headerLength + offsets[0].GetInt64(), end = 8 + headerLength + offsets[1].GetInt64();
            values.AddRange(Floats(file.AsSpan((int)begin, (int)(end - begin))));
        }
        return [.. values];
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Damaged_weight_files_load_what_they_say_or_are_refused_leaving_the_weights(bool withChecksum)
    {
        byte[] original = SavedWeights(withChecksum, out float[] weights);
        int dataStart = 8 + (int)BitConverter.ToUInt64(original);
        var mutator = new Mutator(FuzzCases.Seed(withChecksum ? 1 : 2));
        var counts = new Dictionary<Outcome, int>();
        int otherWeights = 0, cases = FuzzCases.Count(4000);
        for (int i = 0; i < cases; i++)
        {
            byte[] bytes = mutator.Mutate(original, dataStart, safetensors: true);
            var net = new PimaNet(seed: 2);
            float[] before = net.Parameters.ToArray();
            string what = $"case {i} ({bytes.Length} bytes)";
            if (LoadOrRefuse<WeightFileException>(() => net.LoadWeights(bytes, "fuzz"), bytes.Length, what))
            {
                AssertSameBits(Admissible(bytes, weights, net.ParameterTensors, out _), net.Parameters, what, bytes);
                if (!net.Parameters.SequenceEqual(weights)) otherWeights++;
                counts.Increment(bytes.AsSpan().SequenceEqual(original) ? Outcome.Unchanged : Outcome.Loaded);
            }
            else
            {
                AssertSameBits(before, net.Parameters, what + ", refused");
                counts.Increment(Outcome.Refused);
            }
        }
        Report(withChecksum ? "weights (Unroll's, with checksum)" : "weights (foreign, no checksum)", counts,
            $"; {otherWeights} loaded other weights than the original, each what its bytes say"
            + (withChecksum ? " (possible only after the damage hit the checksum's own key)" : ""));
        Assert.True(counts.GetValueOrDefault(Outcome.Refused) > 0 && (withChecksum || counts.GetValueOrDefault(Outcome.Loaded) > 0), "the mutations must reach both outcomes");
    }

    [Fact]
    public void Damaged_model_files_load_what_they_say_or_are_refused_leaving_the_network()
    {
        using var folder = new TemporaryFolder();
        var source = new PimaNet(seed: 1);
        source.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy);
        string path = folder.File("model.safetensors");
        source.Save(path);
        byte[] original = File.ReadAllBytes(path);
        float[] weights = source.Parameters.ToArray();
        int dataStart = 8 + (int)BitConverter.ToUInt64(original);
        var mutator = new Mutator(FuzzCases.Seed(3));
        var counts = new Dictionary<Outcome, int>();
        int cases = FuzzCases.Count(1500);
        for (int i = 0; i < cases; i++)
        {
            byte[] bytes = mutator.Mutate(original, dataStart, safetensors: true);
            File.WriteAllBytes(path, bytes);
            var net = new PimaNet(seed: 2);
            float[] before = net.Parameters.ToArray();
            string what = $"case {i} ({bytes.Length} bytes)";
            if (LoadOrRefuse<WeightFileException>(() => net.Load(path), bytes.Length, what))
            {
                AssertSameBits(Admissible(bytes, weights, net.ParameterTensors, out _), net.Parameters, what, bytes);
                counts.Increment(bytes.AsSpan().SequenceEqual(original) ? Outcome.Unchanged : Outcome.Loaded);
            }
            else
            {
                AssertSameBits(before, net.Parameters, what + ", refused");
                Assert.Throws<InvalidOperationException>(() => net.Optimizer); // not compiled by a refused file
                counts.Increment(Outcome.Refused);
            }
        }
        Report("model files (Load)", counts);
        Assert.True(counts.GetValueOrDefault(Outcome.Refused) > 0);
    }

    [Fact]
    public void Damaged_tfjs_models_load_what_they_say_or_are_refused_leaving_the_weights()
    {
        string fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tfjs", "pima");
        byte[] json = File.ReadAllBytes(Path.Combine(fixture, "model.json"));
        byte[] shard = File.ReadAllBytes(Path.Combine(fixture, "weights.bin"));
        using var folder = new TemporaryFolder();
        string modelJson = folder.File("model.json"), shardPath = folder.File("weights.bin");
        File.WriteAllBytes(modelJson, json);
        File.WriteAllBytes(shardPath, shard);
        var reference = new PimaNet(seed: 1);
        reference.LoadWeights(modelJson);
        float[] weights = reference.Parameters.ToArray();
        AssertSameBits(weights, Floats(shard), "the shard holds the weights in the network's order"); // what the shard rule below relies on

        var mutator = new Mutator(FuzzCases.Seed(4));
        var counts = new Dictionary<Outcome, int>();
        int cases = FuzzCases.Count(1000);
        for (int i = 0; i < cases; i++)
        {
            bool damageJson = i % 2 == 0;
            byte[] bytes = damageJson ? mutator.Mutate(json, json.Length) : mutator.Mutate(shard, 0);
            File.WriteAllBytes(modelJson, damageJson ? bytes : json);
            File.WriteAllBytes(shardPath, damageJson ? shard : bytes);
            var net = new PimaNet(seed: 2);
            float[] before = net.Parameters.ToArray();
            string what = $"case {i} ({(damageJson ? "model.json" : "shard")}, {bytes.Length} bytes)";
            if (LoadOrRefuse<WeightFileException>(() => net.LoadWeights(modelJson), json.Length + shard.Length, what))
            {
                // No checksum in TF.js: a shard changed in place loads its floats; nothing else may change a weight.
                float[] admissible = !damageJson && bytes.Length == shard.Length ? Floats(bytes) : weights;
                AssertSameBits(admissible, net.Parameters, what, bytes);
                counts.Increment(bytes.AsSpan().SequenceEqual(damageJson ? json : shard) ? Outcome.Unchanged : Outcome.Loaded);
            }
            else
            {
                AssertSameBits(before, net.Parameters, what + ", refused");
                counts.Increment(Outcome.Refused);
            }
        }
        Report("TF.js model.json + shard", counts);
        Assert.True(counts.GetValueOrDefault(Outcome.Refused) > 0 && counts.GetValueOrDefault(Outcome.Loaded) > 0);
    }

    [Fact]
    public void Damaged_csv_text_parses_as_an_independent_reading_says_or_is_refused()
    {
        string pima = Path.Combine(AppContext.BaseDirectory, "Fixtures", "pima-indians-diabetes.csv");
        string[] lines = File.ReadAllLines(pima)[..12];
        string[] originals =
        [
            string.Join("\n", lines) + "\n",
            "preg,plas,pres,skin,insu,mass,pedi,age,class\r\n" + string.Join("\r\n", lines),
            "1e38,-0.5,NaN,Infinity\n  2 , 3 ,4,5\n\n6,7,8,9\n",
        ];
        var mutator = new Mutator(FuzzCases.Seed(5));
        var random = new Random(FuzzCases.Seed(5));
        var counts = new Dictionary<Outcome, int>();
        int compared = 0, cases = FuzzCases.Count(4000);
        for (int i = 0; i < cases; i++)
        {
            string original = originals[i % originals.Length];
            string text = Encoding.UTF8.GetString(mutator.Mutate(Encoding.UTF8.GetBytes(original), original.Length));
            bool? hasHeader = random.Next(4) switch { 0 => true, 1 => false, _ => null };
            string shown = text.ReplaceLineEndings("⏎");
            string what = $"case {i} (hasHeader {hasHeader?.ToString() ?? "null"}): {shown[..Math.Min(shown.Length, 160)]}";
            Matrix? parsed = null;
            string[]? header = null;
            bool loaded = LoadOrRefuse<FormatException>(() => parsed = Csv.Parse(new StringReader(text), "fuzz.csv", out header, hasHeader), 2L * text.Length, what);
            if (!text.Contains('"')) // the reference reading knows no quotes
            {
                compared++;
                CsvReference.Table? expected = CsvReference.Parse(text, hasHeader);
                Assert.True(loaded == (expected is not null), $"{what}: Csv {(loaded ? "loaded" : "refused")}, the reference {(expected is null ? "refused" : "loaded")}");
                if (expected is not null)
                {
                    Assert.Equal(expected.Header, header);
                    Assert.Equal((expected.Rows, expected.Columns), (parsed!.Rows, parsed.Columns));
                    AssertSameBits(expected.Values, parsed.Data, what);
                }
            }
            counts.Increment(!loaded ? Outcome.Refused : text == original ? Outcome.Unchanged : Outcome.Loaded);
        }
        Report("CSV", counts, $"; {compared} compared with the reference reading");
        Assert.True(counts.GetValueOrDefault(Outcome.Refused) > 0 && counts.GetValueOrDefault(Outcome.Loaded) > 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Damaged_idx_files_read_as_their_bytes_say_or_are_refused(bool compressed)
    {
        var random = new Random(6);
        int[] shape = [12, 7, 5];
        byte[] raw = [0, 0, 0x08, 3, .. shape.SelectMany(d => new byte[] { 0, 0, 0, (byte)d }), .. Enumerable.Range(0, 12 * 7 * 5).Select(_ => (byte)random.Next(256))];
        byte[] original = raw;
        if (compressed)
        {
            var gz = new MemoryStream();
            using (var zip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true)) zip.Write(raw);
            original = gz.ToArray();
        }
        var mutator = new Mutator(FuzzCases.Seed(compressed ? 7 : 6));
        var counts = new Dictionary<Outcome, int>();
        int cases = FuzzCases.Count(2500);
        for (int i = 0; i < cases; i++)
        {
            byte[] bytes = mutator.Mutate(original, compressed ? 24 : 16);
            IdxFile? file = null;
            string what = $"case {i} ({bytes.Length} bytes)";
            if (LoadOrRefuse(() => file = Idx.Read(new MemoryStream(bytes), "fuzz"), Math.Max(bytes.Length, raw.Length), what, typeof(InvalidDataException), typeof(NotSupportedException)))
            {
                // gzip has a CRC-32: only the original data may come out. Raw IDX says what it holds.
                byte[] admissible = compressed ? raw : bytes;
                int rank = admissible[3];
                Assert.Equal(Enumerable.Range(0, rank).Select(d => (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(admissible.AsSpan(4 + 4 * d))), file!.Shape);
                Assert.Equal(admissible[(4 + 4 * rank)..], file.Data);
                counts.Increment(bytes.AsSpan().SequenceEqual(original) ? Outcome.Unchanged : Outcome.Loaded);
            }
            else counts.Increment(Outcome.Refused);
        }
        Report(compressed ? "IDX (gzip)" : "IDX (raw)", counts);
        Assert.True(counts.GetValueOrDefault(Outcome.Refused) > 0 && (compressed || counts.GetValueOrDefault(Outcome.Loaded) > 0));
    }
}

internal static class OutcomeCounts
{
    public static void Increment<T>(this Dictionary<T, int> counts, T key) where T : notnull
        => counts[key] = counts.GetValueOrDefault(key) + 1;
}
