using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Unroll;

namespace Unroll.Tests.Data;

/// <summary>IDX files and the dataset loader, on tiny files written by the tests (no network).</summary>
public sealed class IdxTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("unroll-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // ---- helpers -------------------------------------------------------------------------

    internal static byte[] IdxBytes(byte type, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)dims.Length;
        for (int d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    internal static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(bytes);
        return output.ToArray();
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static readonly byte[] Pixels = [0, 51, 102, 255, 1, 2, 3, 4, 250, 251, 252, 253];
    private static byte[] Images => IdxBytes(0x08, [3, 2, 2], Pixels);

    // ---- reading -------------------------------------------------------------------------

    [Fact]
    public void Raw_and_gzip_files_give_the_same_shape_data_and_checksum()
    {
        IdxFile raw = Idx.Read(Write("images-idx3-ubyte", Images));
        IdxFile gz = Idx.Read(Write("images-idx3-ubyte.gz", Gzip(Images)));

        Assert.Equal([3, 2, 2], raw.Shape);
        Assert.Equal(3, raw.Count);
        Assert.Equal(Pixels, raw.Data);
        Assert.Equal(raw.Shape, gz.Shape);
        Assert.Equal(raw.Data, gz.Data);
        string expected = Convert.ToHexStringLower(SHA256.HashData(Images));
        Assert.Equal(expected, raw.Sha256);
        Assert.Equal(expected, gz.Sha256);
        Assert.Equal("images-idx3-ubyte.gz", gz.Name);
    }

    [Fact]
    public void Gzip_is_detected_by_its_magic_not_by_the_file_name()
    {
        Assert.Equal(Pixels, Idx.Read(Write("compressed.idx", Gzip(Images))).Data);
        Assert.Equal(Pixels, Idx.Read(Write("plain.gz", Images)).Data);
    }

    [Fact]
    public void Images_become_one_row_per_item_scaled_to_0_1()
    {
        string path = Write("images", Images);
        Matrix scaled = Idx.ReadImages(path);
        Matrix raw = Idx.ReadImages(path, scale: false);

        Assert.Equal((3, 4), (scaled.Rows, scaled.Columns));
        Assert.Equal(Pixels.Select(p => p / 255f), scaled.Data);
        Assert.Equal(0f, scaled[0, 0]);
        Assert.Equal(0.2f, scaled[0, 1]);
        Assert.Equal(1f, scaled[0, 3]);
        Assert.Equal(Pixels.Select(p => (float)p), raw.Data);
    }

    [Fact]
    public void Labels_become_class_ids()
    {
        string path = Write("labels.gz", Gzip(IdxBytes(0x08, [4], [9, 0, 3, 7])));
        Assert.Equal([9f, 0f, 3f, 7f], Idx.ReadLabels(path));
        var e = Assert.Throws<InvalidOperationException>(() => Idx.Read(Write("images", Images)).ToLabels());
        Assert.Contains("images: expected a one-dimensional labels file, but the shape is 3 × 2 × 2", e.Message);
    }

    [Fact]
    public void Reads_from_a_stream_and_an_empty_first_dimension()
    {
        using var stream = new MemoryStream(IdxBytes(0x08, [0, 28, 28], []));
        IdxFile file = Idx.Read(stream, "empty");
        Assert.Equal([0, 28, 28], file.Shape);
        Matrix m = file.ToMatrix();
        Assert.Equal((0, 784), (m.Rows, m.Columns));
    }

    [Fact]
    public void A_matching_checksum_is_accepted_and_a_different_one_refused()
    {
        string path = Write("images.gz", Gzip(Images));
        string sha = Convert.ToHexStringLower(SHA256.HashData(Images));
        Assert.Equal(Pixels, Idx.Read(path, sha.ToUpperInvariant()).Data);

        string wrong = new('0', 64);
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path, wrong));
        Assert.Contains($"images.gz: expected the SHA-256 {wrong} of the decoded IDX data, but found {sha}", e.Message);
    }

    // ---- malformed files -----------------------------------------------------------------

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_wrong_magic_is_refused(bool compressed)
    {
        byte[] bytes = [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0];
        string path = Write("archive.zip", compressed ? Gzip(bytes) : bytes);
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.Contains("archive.zip: not an IDX file: expected the magic 00 00 <type> <dims>, but found 50 4B 03 04", e.Message);
    }

    [Fact]
    public void Other_data_types_are_not_supported()
    {
        string path = Write("floats-idx1-float", IdxBytes(0x0D, [1], [0, 0, 0, 0]));
        var e = Assert.Throws<NotSupportedException>(() => Idx.Read(path));
        Assert.Contains("floats-idx1-float: IDX data type 0x0D (32-bit float) is not supported; expected 0x08 (unsigned byte)", e.Message);

        var unknown = Assert.Throws<InvalidDataException>(() => Idx.Read(Write("odd", IdxBytes(0x42, [1], [0]))));
        Assert.Contains("odd: expected an IDX data type of 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E, but found 0x42", unknown.Message);
    }

    [Fact]
    public void No_dimensions_is_refused()
    {
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(Write("scalar", [0, 0, 8, 0])));
        Assert.Contains("scalar: expected at least 1 dimension in the IDX header, but found 0", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_truncated_header_is_refused(bool compressed)
    {
        byte[] magicOnly = [0, 0];
        string path = Write("short", compressed ? Gzip(magicOnly) : magicOnly);
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.Contains("short: truncated: expected the 4-byte IDX magic", e.Message);

        byte[] halfDims = IdxBytes(0x08, [3, 2, 2], [])[..10];
        path = Write("halfdims", compressed ? Gzip(halfDims) : halfDims);
        e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.Contains("halfdims: truncated header: expected 3 dimension sizes (12 bytes), but only 6 bytes follow the magic", e.Message);
    }

    [Fact]
    public void Truncated_data_is_refused_raw_and_gzip()
    {
        byte[] truncated = Images[..^2];
        var raw = Assert.Throws<InvalidDataException>(() => Idx.Read(Write("cut", truncated)));
        Assert.Contains("cut: truncated: the shape 3 × 2 × 2 needs 12 data bytes, but only 10 follow the header", raw.Message);

        var gz = Assert.Throws<InvalidDataException>(() => Idx.Read(Write("cut.gz", Gzip(truncated))));
        Assert.Contains("cut.gz: truncated: the shape 3 × 2 × 2 needs 12 data bytes, but the decompressed data holds only 10", gz.Message);

        // A gzip stream cut off in the middle: the data ends early (or the decoder reports damage).
        byte[] cutStream = Gzip(Images)[..^12];
        var partial = Assert.Throws<InvalidDataException>(() => Idx.Read(Write("cutstream.gz", cutStream)));
        Assert.StartsWith("cutstream.gz: ", partial.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Data_longer_than_the_dimensions_is_refused(bool compressed)
    {
        byte[] longer = [.. Images, 99];
        string path = Write("long", compressed ? Gzip(longer) : longer);
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.Contains("long: expected exactly 12 data bytes for the shape 3 × 2 × 2, but the", e.Message);
        Assert.Contains("holds more", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Absurd_sizes_are_refused_before_allocating(bool compressed)
    {
        byte[] huge = IdxBytes(0x08, [65536, 65536, 1], [1, 2, 3]);
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(Write("huge", compressed ? Gzip(huge) : huge)));
        Assert.Contains("huge: the header declares a shape of 65536 × 65536 × 1, more than the limit of", e.Message);

        byte[] negative = IdxBytes(0x08, [1], [1]);
        negative[4] = 0x80; // 2^31 items
        e = Assert.Throws<InvalidDataException>(() => Idx.Read(Write("negative", negative)));
        Assert.Contains("negative: dimension 0 declares 2147483649 items; expected at most 2147483647", e.Message);

        // Within the limit but more than a raw file holds: refused from the file length.
        byte[] big = IdxBytes(0x08, [60000, 28, 28], [1, 2, 3]);
        e = Assert.Throws<InvalidDataException>(() => Idx.Read(Write("big", big)));
        Assert.Contains("big: truncated: the shape 60000 × 28 × 28 needs 47040000 data bytes, but only 3 follow the header", e.Message);
    }

    [Fact]
    public void Corrupt_gzip_names_the_file()
    {
        byte[] bytes = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(Write("broken.gz", bytes)));
        Assert.StartsWith("broken.gz: ", e.Message);
    }

    [Fact]
    public void IdxFile_checks_the_shape_against_the_data()
    {
        var e = Assert.Throws<ArgumentException>(() => new IdxFile([2, 3], new byte[5], "made"));
        Assert.Contains("made: the shape 2 × 3 needs 6 values, but 5 were given", e.Message);
    }
}

/// <summary>The dataset loader on fake files in a temporary directory.</summary>
public sealed class DatasetsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("unroll-datasets-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly byte[] TrainPixels = [.. Enumerable.Range(0, 5 * 2 * 3).Select(i => (byte)(i * 8 + 15))];
    private static readonly byte[] TestPixels = [0, 255, 51, 102, 153, 204, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

    // Train as gzip, test raw: both are found and read.
    private void WriteFakeDataset(int trainLabels = 5, byte firstTestLabel = 9)
    {
        File.WriteAllBytes(Path.Combine(_dir, "train-images-idx3-ubyte.gz"), IdxTests.Gzip(IdxTests.IdxBytes(0x08, [5, 2, 3], TrainPixels)));
        File.WriteAllBytes(Path.Combine(_dir, "train-labels-idx1-ubyte.gz"),
            IdxTests.Gzip(IdxTests.IdxBytes(0x08, [trainLabels], [.. Enumerable.Range(0, trainLabels).Select(i => (byte)(i % 10))])));
        File.WriteAllBytes(Path.Combine(_dir, "t10k-images-idx3-ubyte"), IdxTests.IdxBytes(0x08, [3, 2, 3], TestPixels));
        File.WriteAllBytes(Path.Combine(_dir, "t10k-labels-idx1-ubyte"), IdxTests.IdxBytes(0x08, [3], [firstTestLabel, 0, 5]));
    }

    [Fact]
    public void Loads_train_and_test_from_the_given_directory()
    {
        WriteFakeDataset();
        var ((xTrain, yTrain), (xTest, yTest)) = Datasets.FashionMnist.Load(_dir, verify: false);

        Assert.Equal((5, 6), (xTrain.Rows, xTrain.Columns));
        Assert.Equal([0f, 1f, 2f, 3f, 4f], yTrain);
        Assert.Equal((3, 6), (xTest.Rows, xTest.Columns));
        Assert.Equal([9f, 0f, 5f], yTest);
        Assert.Equal(TrainPixels.Select(p => p / 255f), xTrain.Data);
        Assert.Equal([0f, 1f, 0.2f, 0.4f, 0.6f, 0.8f], xTest.Row(0).ToArray());
        Assert.All(xTrain.Data, v => Assert.InRange(v, 0f, 1f));

        var (train, _) = Datasets.Mnist.Load(_dir, scale: false, verify: false);
        Assert.Equal(TrainPixels.Select(p => (float)p), train.X.Data);
    }

    [Fact]
    public void Files_that_are_not_the_published_ones_fail_verification()
    {
        WriteFakeDataset();
        var e = Assert.Throws<InvalidDataException>(() => Datasets.FashionMnist.Load(_dir));
        Assert.Contains($"Fashion-MNIST in {_dir}: train-images-idx3-ubyte.gz: expected the SHA-256 c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", e.Message);
        Assert.Contains("Pass verify: false to load it anyway.", e.Message);
    }

    [Fact]
    public void A_missing_file_says_where_it_looked_and_how_to_get_the_data()
    {
        WriteFakeDataset();
        File.Delete(Path.Combine(_dir, "t10k-labels-idx1-ubyte"));
        var e = Assert.Throws<FileNotFoundException>(() => Datasets.FashionMnist.Load(_dir, verify: false));
        Assert.Contains("Fashion-MNIST was not found: expected the files train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte", e.Message);
        Assert.Contains($"{_dir} (the directory given): missing t10k-labels-idx1-ubyte", e.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
        Assert.Contains("Load(download: true)", e.Message);

        string nowhere = Path.Combine(_dir, "nowhere");
        e = Assert.Throws<FileNotFoundException>(() => Datasets.Mnist.Load(nowhere));
        Assert.Contains($"{nowhere} (the directory given): does not exist", e.Message);
        Assert.DoesNotContain("apt-get", e.Message);
    }

    [Fact]
    public void Mismatched_counts_and_out_of_range_labels_are_refused()
    {
        WriteFakeDataset(trainLabels: 4);
        var e = Assert.Throws<InvalidDataException>(() => Datasets.FashionMnist.Load(_dir, verify: false));
        Assert.Contains("train-images-idx3-ubyte.gz holds 5 images but train-labels-idx1-ubyte.gz holds 4 labels; expected the same number", e.Message);

        WriteFakeDataset(firstTestLabel: 12);
        e = Assert.Throws<InvalidDataException>(() => Datasets.FashionMnist.Load(_dir, verify: false));
        Assert.Contains("t10k-labels-idx1-ubyte: expected class ids 0–9, but found 12 at index 0", e.Message);
    }

    [Fact]
    public void The_search_order_is_directory_then_environment_then_user_cache_then_debian()
    {
        string env = Path.GetFullPath("/data/sets"), home = Path.GetFullPath("/home/u");
        var places = Datasets.FashionMnist.Spec.SearchPath(null, env, home).Select(p => p.Directory);
        Assert.Equal(
            [Path.Combine(env, "fashion-mnist"), Path.Combine(home, ".unroll", "datasets", "fashion-mnist"), "/usr/share/datasets/fashion-mnist"],
            places);

        Assert.Equal([Path.Combine(home, ".unroll", "datasets", "mnist")], Datasets.Mnist.Spec.SearchPath(null, null, home).Select(p => p.Directory));
        Assert.Equal([_dir], Datasets.FashionMnist.Spec.SearchPath(_dir, env, home).Select(p => p.Directory));
    }

    [Fact]
    public void Raw_files_are_preferred_to_gzip_copies()
    {
        WriteFakeDataset();
        File.WriteAllBytes(Path.Combine(_dir, "t10k-labels-idx1-ubyte.gz"), IdxTests.Gzip(IdxTests.IdxBytes(0x08, [3], [1, 1, 1])));
        string[]? paths = Datasets.FashionMnist.Spec.FindFiles(_dir);
        Assert.NotNull(paths);
        Assert.Equal(Path.Combine(_dir, "t10k-labels-idx1-ubyte"), paths[3]);
        Assert.Equal(Path.Combine(_dir, "train-images-idx3-ubyte.gz"), paths[0]);
    }
    [Fact]
    public void Download_fetches_verifies_and_renames_into_place_from_a_local_server()
    {
        byte[][] files =
        [
            IdxTests.IdxBytes(0x08, [5, 2, 3], TrainPixels), IdxTests.IdxBytes(0x08, [5], [1, 2, 3, 4, 5]),
            IdxTests.IdxBytes(0x08, [3, 2, 3], TestPixels), IdxTests.IdxBytes(0x08, [3], [9, 0, 5]),
        ];
        string[] names = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];
        string[] sha = [.. files.Select(f => Convert.ToHexStringLower(SHA256.HashData(f)))];
        using var server = new LocalServer(names.Zip(files, (n, f) => (n + ".gz", IdxTests.Gzip(f))).ToDictionary());
        var spec = new Datasets.DatasetSpec("Fake", "fake", null, null, server.BaseUrl, sha[0], sha[1], sha[2], sha[3]);

        string target = Path.Combine(_dir, "fake");
        var ((xTrain, yTrain), (xTest, yTest)) = spec.Load(target, scale: true, verify: true, download: true);
        Assert.Equal((5, 6), (xTrain.Rows, xTrain.Columns));
        Assert.Equal([1f, 2f, 3f, 4f, 5f], yTrain);
        Assert.Equal((3, 6), (xTest.Rows, xTest.Columns));
        Assert.Equal([9f, 0f, 5f], yTest);
        Assert.Equal(names.Select(n => n + ".gz").Order(), Directory.GetFiles(target).Select(Path.GetFileName).Order());

        // A checksum mismatch keeps nothing, not even the temporary file.
        string other = Path.Combine(_dir, "other");
        var wrong = spec with { TrainImagesSha256 = new string('0', 64) };
        var e = Assert.Throws<InvalidDataException>(() => wrong.Load(other, scale: true, verify: true, download: true));
        Assert.Contains($"Fake downloaded from {server.BaseUrl}train-images-idx3-ubyte.gz: train-images-idx3-ubyte.gz", e.Message);
        Assert.Contains("expected the SHA-256 0000", e.Message);
        Assert.Empty(Directory.GetFiles(other));

        // A missing file on the server is an HTTP error that names the URL.
        var missing = spec with { DownloadBase = server.BaseUrl + "nothing/" };
        var http = Assert.Throws<HttpRequestException>(() => missing.Load(Path.Combine(_dir, "third"), scale: true, verify: true, download: true));
        Assert.Contains($"Downloading Fake from {server.BaseUrl}nothing/train-images-idx3-ubyte.gz: expected HTTP 200, but the server answered 404", http.Message);
    }

    /// <summary>Serves fixed files over HTTP on a free localhost port (no network).</summary>
    private sealed class LocalServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public LocalServer(Dictionary<string, byte[]> files)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            BaseUrl = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(BaseUrl);
            _listener.Start();
            _loop = Task.Run(() =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try { context = _listener.GetContext(); }
                    catch (HttpListenerException) { return; }
                    catch (ObjectDisposedException) { return; }
                    string name = context.Request.Url!.AbsolutePath.TrimStart('/');
                    if (files.TryGetValue(name, out byte[]? body))
                    {
                        context.Response.ContentLength64 = body.Length;
                        context.Response.OutputStream.Write(body);
                    }
                    else context.Response.StatusCode = 404;
                    context.Response.Close();
                }
            });
        }

        public string BaseUrl { get; }

        public void Dispose()
        {
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
