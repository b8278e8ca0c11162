using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Unroll;

/// <summary>
/// One file Keras publishes for <c>keras.datasets</c> (<c>mnist.npz</c>, <c>imdb.npz</c>,
/// <c>imdb_word_index.json</c>, …) with the hash Keras checks it by (SHA-256, or MD5 for the word
/// indexes). <see cref="ReadBytes"/> looks for it in:
/// <list type="number">
/// <item>the <c>directory</c> argument, when given — then only there;</item>
/// <item><c>$UNROLL_DATASETS/&lt;folder&gt;</c>, when the environment variable is set;</item>
/// <item><c>~/.unroll/datasets/&lt;folder&gt;</c>, where <c>download: true</c> stores it;</item>
/// <item><c>~/.keras/datasets</c>, where Keras's own <c>load_data()</c> caches it.</item>
/// </list>
/// It is downloaded only when asked, checked against its hash in memory, then written atomically.
/// </summary>
internal sealed record KerasDatasetFile(string DisplayName, string Folder, string FileName, string Hash)
{
    public const string DownloadBase = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

    /// <summary>Where <c>download: true</c> fetches the file from: Keras's host (a local server in tests).</summary>
    public string BaseUrl { get; init; } = DownloadBase;
    private const long MaxDownloadBytes = 256L << 20; // the largest, imdb.npz, is 17 MB

    /// <summary>The directories looked in, in order, each with a note on where it came from.</summary>
    internal IReadOnlyList<(string Directory, string Origin)> SearchPath(string? directory, string? environment, string? home)
    {
        if (directory is not null) return [(Path.GetFullPath(directory), "the directory given")];
        var places = new List<(string, string)>();
        if (!string.IsNullOrWhiteSpace(environment))
            places.Add((Path.Combine(Path.GetFullPath(environment), Folder), $"${Datasets.EnvironmentVariable}/{Folder}"));
        if (!string.IsNullOrEmpty(home))
        {
            places.Add((Path.Combine(home, ".unroll", "datasets", Folder), "the per-user cache"));
            places.Add((Path.Combine(home, ".keras", "datasets"), "Keras's cache"));
        }
        return places;
    }

    /// <summary>The path of the file in the first place that has it, or null.</summary>
    public string? Find(string? directory)
    {
        CheckDirectory(directory);
        foreach (var (place, _) in SearchPath(directory, Environment(), Home()))
        {
            string path = Path.Combine(place, FileName);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>The file's bytes, found (or, with <paramref name="download"/>, fetched) and checked.</summary>
    /// <exception cref="FileNotFoundException">The file is in none of the places, and download is false.</exception>
    /// <exception cref="InvalidDataException">The file fails its hash.</exception>
    public (byte[] Bytes, string Path) ReadBytes(string? directory, bool verify, bool download)
    {
        string? path = Find(directory);
        if (path is null && download) path = Download(directory, verify);
        if (path is null) throw new FileNotFoundException(NotFoundMessage(directory), FileName);
        byte[] bytes = File.ReadAllBytes(path);
        if (verify) Check(bytes, path);
        return (bytes, path);
    }

    /// <summary>Throws when <paramref name="bytes"/> do not have the published hash.</summary>
    internal void Check(byte[] bytes, string where)
    {
        string actual = Convert.ToHexStringLower(Hash.Length == 32 ? MD5.HashData(bytes) : SHA256.HashData(bytes));
        if (!string.Equals(actual, Hash, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException(
                $"{DisplayName} in {where}: expected the {(Hash.Length == 32 ? "MD5" : "SHA-256")} {Hash} that Keras publishes, but the file's is {actual}. " +
                "It is damaged or a different version; delete it to download it again, or pass verify: false to read it anyway.");
    }

    private string Download(string? directory, bool verify)
    {
        string target = Path.Combine(DownloadDirectory(directory), FileName);
        string url = BaseUrl + FileName;
        byte[] bytes;
        using (var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) })
        using (var request = new HttpRequestMessage(HttpMethod.Get, url))
        using (HttpResponseMessage response = http.Send(request, HttpCompletionOption.ResponseHeadersRead))
        {
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"Downloading {DisplayName} from {url}: expected HTTP 200, but the server answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            using Stream body = response.Content.ReadAsStream();
            using var memory = new MemoryStream();
            var buffer = new byte[1 << 16];
            int n;
            while ((n = body.Read(buffer)) > 0)
            {
                if (memory.Length + n > MaxDownloadBytes)
                    throw new InvalidDataException($"Downloading {url}: expected at most {MaxDownloadBytes} bytes, but the server sent more.");
                memory.Write(buffer, 0, n);
            }
            bytes = memory.ToArray();
        }
        if (verify) Check(bytes, url); // before anything is written: a bad download leaves no file
        AtomicFile.Write(target, stream => stream.Write(bytes));
        return target;
    }

    private string DownloadDirectory(string? directory)
    {
        if (directory is not null) return Path.GetFullPath(directory);
        string? environment = Environment();
        if (!string.IsNullOrWhiteSpace(environment)) return Path.Combine(Path.GetFullPath(environment), Folder);
        string home = Home();
        if (string.IsNullOrEmpty(home))
            throw new InvalidOperationException($"Cannot download {DisplayName}: there is no home directory for the cache; pass a directory or set {Datasets.EnvironmentVariable}.");
        return Path.Combine(home, ".unroll", "datasets", Folder);
    }

    internal string NotFoundMessage(string? directory)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{DisplayName} was not found: expected the file {FileName}. Looked in:");
        foreach (var (place, origin) in SearchPath(directory, Environment(), Home()))
            text.Append(CultureInfo.InvariantCulture, $"\n  {place} ({origin}): {(Directory.Exists(place) ? "no " + FileName : "does not exist")}");
        text.Append(CultureInfo.InvariantCulture,
            $"\nTo get the data: copy {FileName} (from {BaseUrl}{FileName}, or a Keras cache) into one of these, or call Load(download: true).");
        return text.ToString();
    }

    private static void CheckDirectory(string? directory)
    {
        if (directory is not null && string.IsNullOrWhiteSpace(directory))
            throw new ArgumentException("The dataset directory is empty; pass null to search the usual places.", nameof(directory));
    }

    private static string? Environment() => System.Environment.GetEnvironmentVariable(Datasets.EnvironmentVariable);

    private static string Home() => System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
}
