using System.Globalization;
using System.Text;

namespace Unroll;

/// <summary>
/// Keras-style ready-made datasets (<c>keras.datasets</c>), read from IDX files on disk.
/// <c>Load</c> looks for the four files (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>,
/// <c>t10k-images-idx3-ubyte</c>, <c>t10k-labels-idx1-ubyte</c>, each raw or with <c>.gz</c>) in:
/// <list type="number">
/// <item>the <c>directory</c> argument, when given — then only there;</item>
/// <item><c>$UNROLL_DATASETS/&lt;name&gt;</c>, when the environment variable is set;</item>
/// <item><c>~/.unroll/datasets/&lt;name&gt;</c>, where <c>download: true</c> also stores them;</item>
/// <item>the directory of the Debian package, when there is one (<c>dataset-fashion-mnist</c>).</item>
/// </list>
/// Files are verified by the SHA-256 of their decoded IDX bytes, which is the same for a raw and
/// a gzip copy. Nothing is downloaded unless <c>download: true</c> is passed.
/// <see cref="Imdb"/>, <see cref="Reuters"/>, <see cref="BostonHousing"/> (and <see cref="Mnist"/>
/// when there are no IDX files) read Keras's own single files (<c>imdb.npz</c>, …) from the same
/// places plus Keras's cache <c>~/.keras/datasets</c>, checked by the hashes Keras publishes.
/// </summary>
public static partial class Datasets
{
    /// <summary>The environment variable naming a root directory that holds one folder per dataset.</summary>
    public const string EnvironmentVariable = "UNROLL_DATASETS";

    /// <summary>The per-user root that holds one folder per dataset: <c>~/.unroll/datasets</c>.</summary>
    public static string UserDirectory => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".unroll", "datasets");

    /// <summary>
    /// Fashion-MNIST (Zalando Research, MIT licence): 60 000 training and 10 000 test greyscale
    /// images of 28 × 28 pixels in 10 classes, as in <c>keras.datasets.fashion_mnist</c>.
    /// On Debian and Ubuntu: <c>apt-get install dataset-fashion-mnist</c>.
    /// </summary>
    public static class FashionMnist
    {
        /// <summary>The folder name under the dataset roots.</summary>
        public const string Name = "fashion-mnist";

        /// <summary>The Debian package that installs the files.</summary>
        public const string DebianPackage = "dataset-fashion-mnist";

        /// <summary>Where <see cref="DebianPackage"/> installs the four gzip IDX files.</summary>
        public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";

        /// <summary>The names of the classes 0–9.</summary>
        public static IReadOnlyList<string> ClassNames { get; } =
            ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

        // SHA-256 of the decoded IDX bytes. The Debian files differ from Keras's download only in
        // the gzip header (no file name), so these verify both.
        internal static readonly DatasetSpec Spec = new(
            "Fashion-MNIST", Name, DebianPackage, DebianDirectory,
            "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
            TrainImagesSha256: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            TrainLabelsSha256: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            TestImagesSha256: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            TestLabelsSha256: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

        /// <summary>
        /// Loads the training and test sets: X has one row of 784 pixels per image (scaled to [0, 1]
        /// unless <paramref name="scale"/> is false), Y the class ids 0–9. See <see cref="Datasets"/>
        /// for where the files are looked for. <paramref name="verify"/> checks the SHA-256 of each
        /// file; <paramref name="download"/> fetches missing files from Keras's host into
        /// <paramref name="directory"/> or <c>~/.unroll/datasets/fashion-mnist</c>.
        /// </summary>
        /// <exception cref="FileNotFoundException">The files are in none of the places looked in.</exception>
        /// <exception cref="InvalidDataException">A file is malformed or fails its checksum.</exception>
        public static ((Matrix X, float[] Y) Train, (Matrix X, float[] Y) Test) Load(
            string? directory = null, bool scale = true, bool verify = true, bool download = false)
            => Spec.Load(directory, scale, verify, download);
    }

    /// <summary>
    /// MNIST handwritten digits (Yann LeCun, Corinna Cortes, Christopher Burges): 60 000 training
    /// and 10 000 test greyscale images of 28 × 28 pixels, digits 0–9, as in <c>keras.datasets.mnist</c>.
    /// </summary>
    public static class Mnist
    {
        /// <summary>The folder name under the dataset roots.</summary>
        public const string Name = "mnist";

        // SHA-256 of the decoded (uncompressed) original IDX files.
        internal static readonly DatasetSpec Spec = new(
            "MNIST", Name, DebianPackage: null, DebianDirectory: null,
            "https://storage.googleapis.com/cvdf-datasets/mnist/",
            TrainImagesSha256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            TrainLabelsSha256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            TestImagesSha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            TestLabelsSha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2")
        {
            // Keras's own copy, the one keras.datasets.mnist.load_data() reads (hash from keras/src/datasets/mnist.py).
            Npz = new KerasDatasetFile("MNIST", Name, "mnist.npz", "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"),
        };

        /// <summary>
        /// Loads the training and test sets: X has one row of 784 pixels per image (scaled to [0, 1]
        /// unless <paramref name="scale"/> is false), Y the digits 0–9. See <see cref="Datasets"/>
        /// for where the files are looked for; when no place has the four IDX files, Keras's
        /// <c>mnist.npz</c> is read instead from the first of the same places (and
        /// <c>~/.keras/datasets</c>) that has it. <paramref name="verify"/> checks the SHA-256 of each
        /// file; <paramref name="download"/> fetches missing IDX files from a public mirror into
        /// <paramref name="directory"/> or <c>~/.unroll/datasets/mnist</c>.
        /// </summary>
        /// <exception cref="FileNotFoundException">The files are in none of the places looked in.</exception>
        /// <exception cref="InvalidDataException">A file is malformed or fails its checksum.</exception>
        public static ((Matrix X, float[] Y) Train, (Matrix X, float[] Y) Test) Load(
            string? directory = null, bool scale = true, bool verify = true, bool download = false)
            => Spec.Load(directory, scale, verify, download);
    }

    /// <summary>One IDX dataset: its files, checksums, places and download host.</summary>
    internal sealed record DatasetSpec(
        string DisplayName, string Name, string? DebianPackage, string? DebianDirectory, string DownloadBase,
        string TrainImagesSha256, string TrainLabelsSha256, string TestImagesSha256, string TestLabelsSha256)
    {
        /// <summary>Keras's single-file copy (<c>x_train</c>, <c>y_train</c>, <c>x_test</c>, <c>y_test</c>), read when the IDX files are not found.</summary>
        public KerasDatasetFile? Npz { get; init; }

        private const int Classes = 10;
        private const long MaxDownloadBytes = 64L << 20; // the largest file, train images, is 26 MB compressed

        /// <summary>The four base file names with their checksums: train images, train labels, test images, test labels.</summary>
        public (string File, string Sha256)[] Files =>
        [
            ("train-images-idx3-ubyte", TrainImagesSha256),
            ("train-labels-idx1-ubyte", TrainLabelsSha256),
            ("t10k-images-idx3-ubyte", TestImagesSha256),
            ("t10k-labels-idx1-ubyte", TestLabelsSha256),
        ];

        public ((Matrix X, float[] Y) Train, (Matrix X, float[] Y) Test) Load(string? directory, bool scale, bool verify, bool download)
        {
            if (directory is not null && string.IsNullOrWhiteSpace(directory))
                throw new ArgumentException("The dataset directory is empty; pass null to search the usual places.", nameof(directory));
            string? environment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            IReadOnlyList<(string Directory, string Origin)> places = SearchPath(directory, environment, home);

            string[]? paths = null;
            string found = "";
            foreach (var (place, _) in places)
            {
                if ((paths = FindFiles(place)) is not null) { found = place; break; }
            }
            if (paths is null && Npz?.Find(directory) is { } npz)
                return ReadNpz(npz, scale, verify);
            if (paths is null && download)
            {
                found = DownloadDirectory(directory, environment, home);
                Download(found, verify);
                paths = FindFiles(found);
            }
            if (paths is null)
                throw new FileNotFoundException(NotFoundMessage(places, directory, environment, home));
            return Read(found, paths, scale, verify);
        }

        /// <summary>The directories looked in, in order, each with a note on where it came from.</summary>
        internal IReadOnlyList<(string Directory, string Origin)> SearchPath(string? directory, string? environment, string? home)
        {
            if (directory is not null) return [(Path.GetFullPath(directory), "the directory given")];
            var places = new List<(string, string)>();
            if (!string.IsNullOrWhiteSpace(environment))
                places.Add((Path.Combine(Path.GetFullPath(environment), Name), $"${EnvironmentVariable}/{Name}"));
            if (!string.IsNullOrEmpty(home))
                places.Add((Path.Combine(home, ".unroll", "datasets", Name), "the per-user cache"));
            if (DebianDirectory is not null)
                places.Add((DebianDirectory, $"the Debian package {DebianPackage}"));
            return places;
        }

        /// <summary>The four files in <paramref name="directory"/> (raw name first, then <c>.gz</c>), or null when any is missing.</summary>
        internal string[]? FindFiles(string directory)
        {
            var paths = new string[4];
            var files = Files;
            for (int i = 0; i < files.Length; i++)
            {
                string raw = Path.Combine(directory, files[i].File), gz = raw + ".gz";
                if (File.Exists(raw)) paths[i] = raw;
                else if (File.Exists(gz)) paths[i] = gz;
                else return null;
            }
            return paths;
        }

        private ((Matrix X, float[] Y) Train, (Matrix X, float[] Y) Test) Read(string directory, string[] paths, bool scale, bool verify)
        {
            var files = Files;
            var idx = new IdxFile[4];
            for (int i = 0; i < 4; i++)
            {
                try
                {
                    idx[i] = Idx.Read(paths[i], verify ? files[i].Sha256 : null);
                }
                catch (InvalidDataException e)
                {
                    string hint = verify && e.Message.Contains("SHA-256", StringComparison.Ordinal)
                        ? " Pass verify: false to load it anyway." : "";
                    throw new InvalidDataException($"{DisplayName} in {directory}: {e.Message}{hint}", e);
                }
            }
            return (Pair(idx[0], idx[1], scale), Pair(idx[2], idx[3], scale));
        }

        internal ((Matrix X, float[] Y) Train, (Matrix X, float[] Y) Test) ReadNpz(string path, bool scale, bool verify)
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (verify) Npz!.Check(bytes, path);
            using var stream = new MemoryStream(bytes, writable: false);
            return FromNpz(Unroll.Npz.Read(stream, path), path, scale);
        }

        internal ((Matrix X, float[] Y) Train, (Matrix X, float[] Y) Test) FromNpz(IReadOnlyDictionary<string, NpyArray> arrays, string name, bool scale)
        {
            IdxFile Images(string key)
            {
                NpyArray array = arrays.Member(key, name);
                return array.Bytes is { } data && array.Descr == "|u1"
                    ? new IdxFile([.. array.Shape], data, $"{name}/{key}")
                    : throw new InvalidDataException($"{name}: {key} has dtype {array.Descr}; expected uint8 ('|u1') as in Keras's file.");
            }
            try
            {
                return (Pair(Images("x_train"), Images("y_train"), scale), Pair(Images("x_test"), Images("y_test"), scale));
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{name}: {e.Message}", e);
            }
        }

        private (Matrix X, float[] Y) Pair(IdxFile images, IdxFile labels, bool scale)
        {
            if (images.Shape.Length < 2)
                throw new InvalidDataException($"{images.Name}: expected an images file with at least 2 dimensions, but the shape is {IdxFile.FormatShape(images.Shape)}.");
            if (labels.Shape.Length != 1)
                throw new InvalidDataException($"{labels.Name}: expected a one-dimensional labels file, but the shape is {IdxFile.FormatShape(labels.Shape)}.");
            if (images.Count != labels.Count)
                throw new InvalidDataException($"{images.Name} holds {images.Count} images but {labels.Name} holds {labels.Count} labels; expected the same number.");
            int bad = Array.FindIndex(labels.Data, b => b >= Classes);
            if (bad >= 0)
                throw new InvalidDataException($"{labels.Name}: expected class ids 0–{Classes - 1}, but found {labels.Data[bad]} at index {bad}.");
            return (images.ToMatrix(scale), labels.ToLabels());
        }

        private string DownloadDirectory(string? directory, string? environment, string home)
        {
            if (directory is not null) return Path.GetFullPath(directory);
            if (!string.IsNullOrWhiteSpace(environment)) return Path.Combine(Path.GetFullPath(environment), Name);
            if (string.IsNullOrEmpty(home))
                throw new InvalidOperationException($"Cannot download {DisplayName}: there is no home directory for the cache; pass a directory or set {EnvironmentVariable}.");
            return Path.Combine(home, ".unroll", "datasets", Name);
        }

        // Each missing file: download to a temporary name in the target directory, check it, then
        // rename it into place, so a failed or interrupted download never leaves a partial file.
        private void Download(string directory, bool verify)
        {
            Directory.CreateDirectory(directory);
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
            foreach (var (file, sha256) in Files)
            {
                string target = Path.Combine(directory, file + ".gz");
                if (File.Exists(target) || File.Exists(Path.Combine(directory, file))) continue;
                string url = DownloadBase + file + ".gz";
                string partial = Path.Combine(directory, $".{file}.gz.{Guid.NewGuid():N}.part");
                try
                {
                    using (var request = new HttpRequestMessage(HttpMethod.Get, url))
                    using (HttpResponseMessage response = http.Send(request, HttpCompletionOption.ResponseHeadersRead))
                    {
                        if (!response.IsSuccessStatusCode)
                            throw new HttpRequestException($"Downloading {DisplayName} from {url}: expected HTTP 200, but the server answered {(int)response.StatusCode} {response.ReasonPhrase}.");
                        using Stream body = response.Content.ReadAsStream();
                        using var output = new FileStream(partial, FileMode.CreateNew, FileAccess.Write);
                        CopyBounded(body, output, url);
                    }
                    try
                    {
                        using var downloaded = File.OpenRead(partial);
                        Idx.Read(downloaded, file + ".gz", verify ? sha256 : null);
                    }
                    catch (InvalidDataException e)
                    {
                        throw new InvalidDataException($"{DisplayName} downloaded from {url}: {e.Message}", e);
                    }
                    File.Move(partial, target, overwrite: false);
                }
                finally
                {
                    if (File.Exists(partial)) File.Delete(partial);
                }
            }
        }

        private static void CopyBounded(Stream source, Stream destination, string url)
        {
            var buffer = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = source.Read(buffer)) > 0)
            {
                total += n;
                if (total > MaxDownloadBytes)
                    throw new InvalidDataException($"Downloading {url}: expected at most {MaxDownloadBytes} bytes, but the server sent more.");
                destination.Write(buffer, 0, n);
            }
        }

        private string NotFoundMessage(IReadOnlyList<(string Directory, string Origin)> places, string? directory, string? environment, string home)
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture,
                $"{DisplayName} was not found: expected the files {string.Join(", ", Files.Select(f => f.File))} (each raw or .gz) in one directory. Looked in:");
            foreach (var (place, origin) in places)
                text.Append(CultureInfo.InvariantCulture, $"\n  {place} ({origin}): {Describe(place)}");
            if (directory is null && string.IsNullOrWhiteSpace(environment))
                text.Append(CultureInfo.InvariantCulture, $"\n  (${EnvironmentVariable} is not set)");
            text.Append("\nTo get the data: ");
            if (DebianPackage is not null)
                text.Append(CultureInfo.InvariantCulture, $"`apt-get install {DebianPackage}` (Debian/Ubuntu), or ");
            if (Npz is not null)
                text.Append(CultureInfo.InvariantCulture, $"put Keras's {Npz.FileName} into one of these (or ~/.keras/datasets), or ");
            text.Append(CultureInfo.InvariantCulture,
                $"put the four files into a directory and pass it to Load, or call Load(download: true) to fetch them from {DownloadBase} into {(directory is null && string.IsNullOrWhiteSpace(environment) && string.IsNullOrEmpty(home) ? "the directory you pass" : DownloadDirectory(directory, environment, home))}.");
            return text.ToString();
        }

        private string Describe(string directory)
        {
            if (!Directory.Exists(directory)) return "does not exist";
            var missing = Files.Select(f => f.File)
                .Where(f => !File.Exists(Path.Combine(directory, f)) && !File.Exists(Path.Combine(directory, f + ".gz")));
            return "missing " + string.Join(", ", missing);
        }
    }
}
