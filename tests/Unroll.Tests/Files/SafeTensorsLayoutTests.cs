using System.Text;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Files;

/// <summary>
/// The tensors of a safetensors file must tile its data section exactly — no leading bytes, holes,
/// overlaps or trailing bytes — as the format requires; otherwise a header length off by a few
/// bytes loads every weight shifted.
/// </summary>
public class SafeTensorsLayoutTests
{
    private static readonly (string Name, int Floats)[] Pima = [("dense/kernel", 96), ("dense/bias", 12), ("dense_1/kernel", 12), ("dense_1/bias", 1)];
    private static readonly int[][] PimaShapes = [[8, 12], [12], [12, 1], [1]];

    /// <summary>A file whose tensor i lies at byte ranges[i] of a data section of dataBytes, holding values[i].</summary>
    private static byte[] File(IReadOnlyList<(long Begin, long End)> ranges, int dataBytes, float[][] values)
    {
        var json = new StringBuilder("{");
        for (int i = 0; i < Pima.Length; i++)
            json.Append($"{(i > 0 ? "," : "")}\"{Pima[i].Name}\":{{\"dtype\":\"F32\",\"shape\":[{string.Join(",", PimaShapes[i])}],\"data_offsets\":[{ranges[i].Begin},{ranges[i].End}]}}");
        byte[] header = Encoding.UTF8.GetBytes(json.Append('}').ToString());
        var data = new byte[dataBytes];
        for (int i = 0; i < Pima.Length; i++)
            for (int v = 0; v < values[i].Length && ranges[i].Begin + 4 * v + 4 <= dataBytes; v++)
                BitConverter.GetBytes(values[i][v]).CopyTo(data, ranges[i].Begin + 4 * v);
        return [.. BitConverter.GetBytes((ulong)header.Length), .. header, .. data];
    }

    private static float[][] Values(Random random) => [.. Pima.Select(t => Enumerable.Range(0, t.Floats).Select(_ => (float)random.NextDouble()).ToArray())];

    [Fact]
    public void A_header_length_lowered_into_its_padding_is_refused_not_loaded_shifted()
    {
        using var folder = new TemporaryFolder();
        new PimaNet(seed: 1).SaveWeights(folder.File("w"));
        byte[] good = System.IO.File.ReadAllBytes(folder.File("w"));
        int header = (int)BitConverter.ToUInt64(good);
        int padding = 0;
        while (good[8 + header - 1 - padding] == (byte)' ') padding++;
        if (padding == 0)
        {
            // This header happens to end on an 8-byte boundary: pad it by 8 spaces, as a writer may.
            good = [.. good.AsSpan(0, 8 + header), .. "        "u8, .. good.AsSpan(8 + header)];
            header += padding = 8;
            BitConverter.GetBytes((ulong)header).CopyTo(good, 0);
        }
        for (int lower = 1; lower <= padding; lower++)
        {
            byte[] bytes = (byte[])good.Clone();
            BitConverter.GetBytes((ulong)(header - lower)).CopyTo(bytes, 0);
            bytes = Unchecksummed(bytes); // the checksum would catch it too; the layout alone must
            var net = new PimaNet(seed: 2);
            float[] before = net.Parameters.ToArray();
            var e = Assert.Throws<WeightFileException>(() => net.LoadWeights(bytes, "lowered"));
            Assert.Contains($"the tensors cover {bytes.Length - 8 - (header - lower) - lower} bytes but the data section has {bytes.Length - 8 - (header - lower)}", e.Message);
            Assert.Equal(before, net.Parameters.ToArray());
        }
    }

    // Renames the checksum key so that the file reads as one from a writer without checksums.
    private static byte[] Unchecksummed(byte[] bytes)
    {
        int at = bytes.AsSpan().IndexOf("\"crc32\""u8);
        bytes[at + 1] = (byte)'x';
        return bytes;
    }

    [Fact]
    public void Every_exact_tiling_loads_in_any_order_of_tensors()
    {
        var random = new Random(21);
        for (int trial = 0; trial < 200; trial++)
        {
            int[] order = [.. Enumerable.Range(0, Pima.Length).OrderBy(_ => random.Next())];
            var ranges = new (long, long)[Pima.Length];
            long at = 0;
            foreach (int i in order) { ranges[i] = (at, at + 4L * Pima[i].Floats); at += 4L * Pima[i].Floats; }
            float[][] values = Values(random);
            var net = new PimaNet(seed: 2);
            net.LoadWeights(File(ranges, (int)at, values), "tiled");
            Assert.Equal(values.SelectMany(v => v), net.Parameters.ToArray());
        }
    }

    [Fact]
    public void Leading_bytes_holes_overlaps_and_trailing_bytes_are_refused()
    {
        var random = new Random(22);
        for (int trial = 0; trial < 400; trial++)
        {
            int[] order = [.. Enumerable.Range(0, Pima.Length).OrderBy(_ => random.Next())];
            int damaged = random.Next(Pima.Length + 1), kind = random.Next(3), size = 4 * (1 + random.Next(3));
            var ranges = new (long Begin, long End)[Pima.Length];
            long at = 0;
            for (int k = 0; k < order.Length; k++)
            {
                // A gap before the k-th tensor (k = 0: leading bytes), or the k-th pulled back over the previous one.
                if (k == damaged && kind == 0) at += size;
                if (k == damaged && kind == 1 && k > 0) at -= Math.Min(size, at);
                int i = order[k];
                ranges[i] = (at, at + 4L * Pima[i].Floats);
                at = ranges[i].End;
            }
            int dataBytes = (int)at + (damaged == Pima.Length || kind == 2 ? size : 0); // trailing bytes
            bool intact = kind == 1 && damaged == 0;
            byte[] bytes = File(ranges, dataBytes, Values(random));
            var net = new PimaNet(seed: 2);
            float[] before = net.Parameters.ToArray();
            if (intact && dataBytes == at) { net.LoadWeights(bytes, "tiled"); continue; }
            var e = Assert.Throws<WeightFileException>(() => net.LoadWeights(bytes, "damaged"));
            Assert.Matches("belong to no tensor|overlaps|the tensors cover|but the data section has", e.Message);
            Assert.Equal(before, net.Parameters.ToArray());
        }
    }
}
