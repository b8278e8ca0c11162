using System.Diagnostics;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Files;

/// <summary>
/// Damaged files of every kind give a <see cref="WeightFileException"/> (or load, when the damage
/// happens to leave a valid file) — never another exception, a hang or a huge allocation.
/// </summary>
public class WeightFileFuzzTests
{
    private static byte[] GoodFile(bool wholeModel)
    {
        using var folder = new TemporaryFolder();
        var net = new PimaNet(seed: 1);
        net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy);
        string path = folder.File("f");
        if (wholeModel) net.Save(path); else net.SaveWeights(path);
        return File.ReadAllBytes(path);
    }

    private static void LoadOrRefuse(byte[] bytes, bool wholeModel, TemporaryFolder folder)
    {
        var net = new PimaNet(seed: 2);
        float[] before = net.Parameters.ToArray();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            if (wholeModel)
            {
                string path = folder.File("fuzz");
                File.WriteAllBytes(path, bytes);
                net.Load(path);
            }
            else net.LoadWeights(bytes, "fuzz");
        }
        catch (WeightFileException)
        {
            Assert.Equal(before, net.Parameters.ToArray()); // a refused file changes nothing
        }
        long used = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.True(used < 64 * 1024 + 64L * bytes.Length, $"loading {bytes.Length} bytes allocated {used}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_truncation_is_refused(bool wholeModel)
    {
        byte[] good = GoodFile(wholeModel);
        using var folder = new TemporaryFolder();
        for (int length = 0; length < good.Length; length++)
        {
            var net = new PimaNet(seed: 2);
            if (wholeModel)
            {
                File.WriteAllBytes(folder.File("t"), good[..length]);
                Assert.Throws<WeightFileException>(() => net.Load(folder.File("t")));
            }
            else Assert.Throws<WeightFileException>(() => net.LoadWeights(good.AsSpan(0, length), "t"));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bit_flips_are_refused_or_load_finite_weights(bool wholeModel)
    {
        byte[] good = GoodFile(wholeModel);
        var random = new SeededRandom(11);
        using var folder = new TemporaryFolder();
        var clock = Stopwatch.StartNew();
        for (int trial = 0; trial < 1500; trial++)
        {
            byte[] bytes = (byte[])good.Clone();
            int flips = 1 + random.NextInt(3);
            for (int f = 0; f < flips; f++)
            {
                // Half the flips land in the header, where the damage is most interesting.
                int at = random.NextInt(2) == 0 ? random.NextInt(Math.Min(bytes.Length, 400)) : random.NextInt(bytes.Length);
                bytes[at] ^= (byte)(1 << random.NextInt(8));
            }
            LoadOrRefuse(bytes, wholeModel, folder);
        }
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), "the fuzz loop must not hang");
    }

    [Fact]
    public void Random_bytes_and_hostile_headers_are_refused()
    {
        var random = new SeededRandom(12);
        using var folder = new TemporaryFolder();
        for (int trial = 0; trial < 500; trial++)
        {
            var bytes = new byte[random.NextInt(300)];
            for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)random.NextInt(256);
            if (trial % 2 == 0 && bytes.Length > 8) BitConverter.GetBytes((ulong)(bytes.Length - 8)).CopyTo(bytes, 0); // a plausible length
            Assert.Throws<WeightFileException>(() => new PimaNet(seed: 2).LoadWeights(bytes, "random"));
        }
        string[] headers =
        [
            """{"dense/kernel":{"dtype":"F32","shape":[2147483647,2147483647,2147483647],"data_offsets":[0,4]}}""",
            """{"dense/kernel":{"dtype":"F32","shape":[8,12],"data_offsets":[9223372036854775807,0]}}""",
            """{"dense/kernel":{"dtype":"F32","shape":[8,12],"data_offsets":[0,384]},"dense/kernel":{}}""",
            """{"__metadata__":{"format":[1,2,3]}}""",
            """[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[""",
            """{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}""",
            """{"a":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}""",
        ];
        foreach (string header in headers)
        {
            byte[] json = System.Text.Encoding.UTF8.GetBytes(header);
            byte[] bytes = [.. BitConverter.GetBytes((ulong)json.Length), .. json, .. new byte[16]];
            Assert.Throws<WeightFileException>(() => new PimaNet(seed: 2).LoadWeights(bytes, "hostile"));
        }
    }
}
