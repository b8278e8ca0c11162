using Unroll.Tests.Networks;

namespace Unroll.Tests.Files;

/// <summary>
/// How weight and model files are read: the header before the rest (a large file of another kind
/// is refused after a few bytes), a folder refused with the loader's own exception, and the
/// checksum Unroll writes making any changed byte a refusal.
/// </summary>
public class WeightFileReadingTests
{
    private const long Large = 256L << 20;

    // A sparse file: Large bytes on disk cost nothing, but reading them all allocates Large.
    private static void Sparse(string path, ReadOnlySpan<byte> start)
    {
        using var stream = new FileStream(path, FileMode.Create);
        stream.Write(start);
        stream.SetLength(Large);
    }

    public static TheoryData<string> Loaders => ["LoadWeights", "Load"];

    private static void Load(string loader, Model net, string path)
    {
        if (loader == "Load") net.Load(path); else net.LoadWeights(path);
    }

    [Theory]
    [MemberData(nameof(Loaders))]
    public void A_large_file_of_another_kind_is_refused_from_its_header_without_reading_it(string loader)
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("big.bin");
        byte[] safetensorsHeader = [.. BitConverter.GetBytes(2UL), .. "{}"u8];
        foreach (byte[] start in new[] { "PK\u0003\u0004 a zip file"u8.ToArray(), BitConverter.GetBytes(Large - 8), safetensorsHeader })
        {
            Sparse(path, start);
            var net = new PimaNet(seed: 1);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Assert.Throws<WeightFileException>(() => Load(loader, net, path));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 1 << 20, $"refusing a {Large}-byte file allocated {allocated} bytes");
        }
    }

    [Theory]
    [MemberData(nameof(Loaders))]
    public void A_folder_is_refused_with_the_loaders_exception(string loader)
    {
        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(folder.File("weights.safetensors"));
        var e = Assert.Throws<WeightFileException>(() => Load(loader, new PimaNet(seed: 1), folder.File("weights.safetensors")));
        Assert.Contains("it is a folder; expected a file", e.Message);
    }

    [Fact]
    public void A_folder_named_like_a_tfjs_model_is_refused_with_the_loaders_exception()
    {
        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(folder.File("model.json"));
        var e = Assert.Throws<WeightFileException>(() => new PimaNet(seed: 1).LoadWeights(folder.File("model.json")));
        Assert.Contains("it is a folder; expected a file", e.Message);
    }

    [Fact]
    public void Csv_and_idx_refuse_a_folder_as_a_missing_file()
    {
        using var folder = new TemporaryFolder();
        Assert.Contains("is a folder; expected a CSV file", Assert.Throws<FileNotFoundException>(() => Csv.Load(folder.Path)).Message);
        Assert.Contains("is a folder; expected an IDX file", Assert.Throws<FileNotFoundException>(() => Idx.Read(folder.Path)).Message);
    }

    [Theory]
    [MemberData(nameof(Loaders))]
    public void Any_changed_byte_of_a_file_Unroll_wrote_is_refused_by_its_checksum(string loader)
    {
        using var folder = new TemporaryFolder();
        var saved = new PimaNet(seed: 1);
        saved.Compile(new Adam(), Loss.BinaryCrossEntropy);
        string path = folder.File("f.safetensors");
        if (loader == "Load") saved.Save(path); else saved.SaveWeights(path);
        byte[] good = File.ReadAllBytes(path);
        int headerEnd = 8 + (int)BitConverter.ToUInt64(good);
        var random = new Random(31);
        for (int trial = 0; trial < 300; trial++)
        {
            // A bit anywhere in the data, or in the header's metadata values (which no shape check sees).
            byte[] bytes = (byte[])good.Clone();
            int at = trial % 2 == 0 ? headerEnd + random.Next(good.Length - headerEnd) : MetadataValueByte(good, random);
            bytes[at] ^= (byte)(1 << random.Next(8));
            File.WriteAllBytes(path, bytes);
            var net = new PimaNet(seed: 2);
            float[] before = net.Parameters.ToArray();
            var e = Assert.Throws<WeightFileException>(() => Load(loader, net, path));
            Assert.Matches("CRC-32|not 8 lowercase hex digits|not valid|malformed|metadata|format", e.Message);
            Assert.Equal(before, net.Parameters.ToArray());
        }
        File.WriteAllBytes(path, good);
        var loaded = new PimaNet(seed: 2);
        Load(loader, loaded, path);
        Assert.Equal(saved.Parameters.ToArray(), loaded.Parameters.ToArray());
    }

    // A byte inside the value of "network" (the network's name), where damage leaves valid JSON.
    private static int MetadataValueByte(byte[] file, Random random)
    {
        int key = file.AsSpan().IndexOf("\"network\":\""u8) + "\"network\":\"".Length;
        int length = file.AsSpan(key).IndexOf((byte)'"');
        return key + random.Next(length);
    }
}
