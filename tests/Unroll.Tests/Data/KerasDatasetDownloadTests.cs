using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Unroll;
using Unroll.Tests.Files;

namespace Unroll.Tests.Data;

/// <summary>
/// download: true against a local HTTP server (Keras's host cannot be reached here): the file is
/// fetched only when missing, checked against its hash before anything is written, and written
/// atomically, so a bad download leaves nothing behind.
/// </summary>
public sealed class KerasDatasetDownloadTests : IDisposable
{
    private readonly HttpListener _server = new();
    private readonly string _base;
    private readonly byte[] _body = File.ReadAllBytes(DatasetFixtures.File("boston_housing.npz"));
    private int _requests;

    public KerasDatasetDownloadTests()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
        _base = $"http://127.0.0.1:{port}/";
        _server.Prefixes.Add(_base);
        _server.Start();
        _ = Task.Run(Serve);
    }

    private async Task Serve()
    {
        while (_server.IsListening)
        {
            HttpListenerContext context;
            try { context = await _server.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            Interlocked.Increment(ref _requests);
            if (context.Request.Url!.AbsolutePath == "/boston_housing.npz") await context.Response.OutputStream.WriteAsync(_body);
            else context.Response.StatusCode = 404;
            context.Response.Close();
        }
    }

    public void Dispose() => _server.Close();

    private KerasDatasetFile Boston(string hash) => Datasets.BostonHousing.File with { Hash = hash, BaseUrl = _base };

    [Fact]
    public void Downloads_only_when_asked_checks_the_hash_and_reuses_the_file()
    {
        using var folder = new TemporaryFolder();
        KerasDatasetFile file = Boston(Convert.ToHexStringLower(SHA256.HashData(_body)));

        Assert.Throws<FileNotFoundException>(() => file.ReadBytes(folder.Path, verify: true, download: false));
        Assert.Equal(0, _requests);

        var (bytes, path) = file.ReadBytes(folder.Path, verify: true, download: true);
        Assert.Equal(_body, bytes);
        Assert.Equal(folder.File("boston_housing.npz"), path);
        Assert.Equal(["boston_housing.npz"], Directory.EnumerateFileSystemEntries(folder.Path).Select(Path.GetFileName));

        file.ReadBytes(folder.Path, verify: true, download: true); // found now: not fetched again
        Assert.Equal(1, _requests);
    }

    [Fact]
    public void A_download_that_fails_its_hash_leaves_no_file()
    {
        using var folder = new TemporaryFolder();
        KerasDatasetFile file = Boston(new string('0', 64));

        var e = Assert.Throws<InvalidDataException>(() => file.ReadBytes(folder.Path, verify: true, download: true));

        Assert.Contains($"Boston housing in {_base}boston_housing.npz: expected the SHA-256 {new string('0', 64)}", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public void A_server_error_is_reported_and_leaves_no_file()
    {
        using var folder = new TemporaryFolder();
        KerasDatasetFile file = Boston(new string('0', 64)) with { FileName = "missing.npz" };

        var e = Assert.Throws<HttpRequestException>(() => file.ReadBytes(folder.Path, verify: true, download: true));

        Assert.Contains("expected HTTP 200, but the server answered 404", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }
}
