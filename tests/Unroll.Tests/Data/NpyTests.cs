using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using CsCheck;
using Unroll;

namespace Unroll.Tests.Data;

public class NpyTests
{
    // A .npy file as the format specification describes it: magic, version 1.0, a little-endian
    // header length, the header dict padded with spaces to a multiple of 64 and ended by '\n', the data.
    internal static byte[] NpyBytes(string descr, int[] shape, byte[] data, bool fortran = false, string? headerOverride = null)
    {
        string dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        string header = headerOverride ?? $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': ({dims}), }}";
        header += new string(' ', 63 - (10 + header.Length) % 64) + "\n";
        var bytes = new List<byte>();
        bytes.AddRange([0x93, .. "NUMPY"u8.ToArray()]);
        bytes.AddRange([1, 0, (byte)header.Length, (byte)(header.Length >> 8)]);
        bytes.AddRange(Encoding.Latin1.GetBytes(header));
        bytes.AddRange(data);
        return [.. bytes];
    }

    private static NpyArray Read(byte[] bytes) => Npy.Read(new MemoryStream(bytes), "t.npy");

    [Fact]
    public void Reads_numpy_written_float32_and_big_endian_int16()
    {
        NpyArray floats = Npy.Read(DatasetFixtures.File("numbers_float32.npy"));
        Assert.Equal([3, 4], floats.Shape);
        Assert.Equal("<f4", floats.Descr);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i / 4f), floats.ToSingles());

        NpyArray shorts = Npy.Read(DatasetFixtures.File("numbers_int16_big_endian.npy"));
        Assert.Equal(">i2", shorts.Descr);
        Assert.Equal([-2L, 300L, 7L], shorts.ToInt64());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Reads_object_arrays_of_integer_lists_as_numpy_pickles_them(int protocol)
    {
        NpyArray array = Npy.Read(DatasetFixtures.File($"sequences_protocol{protocol}.npy"));

        Assert.True(array.IsSequences);
        Assert.Equal(DatasetFixtures.Sequences(DatasetFixtures.Expected.GetProperty("sequences")), array.ToSequences());
    }

    [Theory]
    [InlineData("hostile_global.npy", "the global posix.system is refused")]
    [InlineData("sequences_protocol2.npy", "the global _codecs.encode is refused")]
    [InlineData("sequences_of_strings.npy", "element 0, item 0 is the string 'a', not a 32-bit integer")]
    public void Refuses_pickles_that_are_not_an_array_of_integer_lists(string file, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => Npy.Read(DatasetFixtures.File(file)));
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (2,), }", "a list (a structured dtype) is not supported")]
    [InlineData("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", "the dtype '<c8' is not supported")]
    [InlineData("{'descr': '<i4', 'shape': (2,), }", "the header has no 'fortran_order'")]
    [InlineData("{'descr': '<i4', 'fortran_order': True, 'shape': (1, 2), }", "Fortran order")]
    [InlineData("{'descr': '<i4', 'fortran_order': False, 'shape': (2L,), }", null)] // Python 2 writes longs
    [InlineData("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", "the file ends inside the 3 elements")]
    public void Header_checks(string header, string? message)
    {
        byte[] bytes = NpyBytes("", [], [1, 0, 0, 0, 2, 0, 0, 0], headerOverride: header);
        if (message is null)
        {
            Assert.Equal([1L, 2L], Read(bytes).ToInt64());
            return;
        }
        var e = Assert.Throws<InvalidDataException>(() => Read(bytes));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Not_a_npy_file_says_what_the_first_bytes_are()
    {
        var e = Assert.Throws<InvalidDataException>(() => Read("PK\x03\x04abcdefgh"u8.ToArray()));
        Assert.Contains("expected a NumPy .npy array", e.Message);
    }

    private static readonly (string Descr, int Size)[] Dtypes =
        [("|u1", 1), ("|i1", 1), ("<i2", 2), (">u2", 2), ("<i4", 4), ("<u4", 4), (">i8", 8), ("<f4", 4), (">f8", 8), ("|b1", 1)];

    // Any shape and dtype written by the specification reads back to the same numbers.
    [Fact]
    public void Round_trips_numeric_arrays_written_by_the_specification()
    {
        var shapes = Gen.Int[0, 4].Array[0, 3];
        Gen.Select(Gen.Int[0, Dtypes.Length - 1], shapes, Gen.Long).Sample((dtype, shape, seed) =>
        {
            var (descr, size) = Dtypes[dtype];
            int count = shape.Aggregate(1, (a, b) => a * b);
            var random = new Random((int)seed);
            var data = new byte[count * size];
            var expected = new double[count];
            bool big = descr[0] == '>';
            for (int i = 0; i < count; i++)
            {
                Span<byte> at = data.AsSpan(i * size, size);
                long whole = random.NextInt64(-100_000, 100_000);
                double value = descr[1] switch
                {
                    'b' => whole & 1,
                    'u' => Math.Abs(whole) % (size == 1 ? 256 : size == 2 ? 65_536 : 100_000),
                    'i' => size == 1 ? (sbyte)whole : size == 2 ? (short)whole : whole,
                    _ => whole / 8.0,
                };
                expected[i] = value;
                switch (descr[1], size)
                {
                    case ('b' or 'u' or 'i', 1): at[0] = (byte)(long)value; break;
                    case ('i', 2): if (big) BinaryPrimitives.WriteInt16BigEndian(at, (short)value); else BinaryPrimitives.WriteInt16LittleEndian(at, (short)value); break;
                    case ('u', 2): if (big) BinaryPrimitives.WriteUInt16BigEndian(at, (ushort)value); else BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)value); break;
                    case ('i', 4): BinaryPrimitives.WriteInt32LittleEndian(at, (int)value); break;
                    case ('u', 4): BinaryPrimitives.WriteUInt32LittleEndian(at, (uint)value); break;
                    case ('i', 8): BinaryPrimitives.WriteInt64BigEndian(at, (long)value); break;
                    case ('f', 4): BinaryPrimitives.WriteSingleLittleEndian(at, (float)value); break;
                    default: BinaryPrimitives.WriteDoubleBigEndian(at, value); break;
                }
            }

            NpyArray array = Read(NpyBytes(descr, shape, data));

            Assert.Equal(shape, array.Shape);
            Assert.Equal(count, array.Count);
            Assert.Equal(expected.Select(v => (float)v), array.ToSingles());
        });
    }

    // Damaged files (every truncation, random byte changes) fail with InvalidDataException, never another exception.
    [Fact]
    public void Damaged_pickles_fail_cleanly()
    {
        byte[] good = File.ReadAllBytes(DatasetFixtures.File("sequences_protocol4.npy"));
        for (int length = 0; length < good.Length; length++)
            Assert.Throws<InvalidDataException>(() => Read(good[..length]));
        Gen.Select(Gen.Int[128, good.Length - 1], Gen.Byte).Array[1, 4].Sample(changes =>
        {
            byte[] bad = (byte[])good.Clone();
            foreach (var (at, value) in changes) bad[at] = value;
            try { Read(bad); }
            catch (InvalidDataException) { }
        });
    }

    [Fact]
    public void Npz_reads_every_member_and_names_the_missing_one()
    {
        var arrays = Npz.Read(DatasetFixtures.File("mnist.npz"));

        Assert.Equal(["x_test", "x_train", "y_test", "y_train"], arrays.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([5, 28, 28], arrays["x_train"].Shape);
        var e = Assert.Throws<InvalidDataException>(() => arrays.Member("x", "mnist.npz"));
        Assert.Equal("mnist.npz: expected an array 'x', but the archive holds 'x_test', 'x_train', 'y_test', 'y_train'.", e.Message);
    }

    [Fact]
    public void Npz_written_from_csharp_reads_back_and_a_non_zip_is_refused()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (Stream s = zip.CreateEntry("a.npy").Open()) s.Write(NpyBytes("<i4", [2], [5, 0, 0, 0, 6, 0, 0, 0]));
            using (Stream s = zip.CreateEntry("notes.txt").Open()) s.Write("ignored"u8);
        }
        memory.Position = 0;

        var arrays = Npz.Read(memory, "t.npz");

        Assert.Equal(["a"], arrays.Keys);
        Assert.Equal([5L, 6L], arrays["a"].ToInt64());
        var e = Assert.Throws<InvalidDataException>(() => Npz.Read(new MemoryStream("not a zip"u8.ToArray()), "t.npz"));
        Assert.StartsWith("t.npz: expected a NumPy .npz (zip) archive", e.Message);
    }
}
