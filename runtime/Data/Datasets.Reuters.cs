namespace Unroll;

public static partial class Datasets
{
    /// <summary>
    /// Reuters newswires: 11 228 newswires labelled over 46 topics, each a sequence of word ids, as
    /// in <c>keras.datasets.reuters</c>. Read from Keras's <c>reuters.npz</c>; see
    /// <see cref="KerasDatasetFile"/> for where it is looked for.
    /// </summary>
    public static class Reuters
    {
        /// <summary>The folder name under the dataset roots.</summary>
        public const string Name = "reuters";

        // The hashes keras/src/datasets/reuters.py checks (SHA-256 of the npz, MD5 of the word index).
        internal static readonly KerasDatasetFile File = new("Reuters", Name, "reuters.npz", "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916");
        internal static readonly KerasDatasetFile WordIndexFile = new("The Reuters word index", Name, "reuters_word_index.json", "4d44cc38712099c9e383dc6e5f11a921");

        /// <summary>The topic of each label 0–45 (<c>keras.datasets.reuters.get_label_names</c>).</summary>
        public static IReadOnlyList<string> LabelNames { get; } =
        [
            "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply", "coffee",
            "sugar", "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas", "cpi", "money-fx",
            "interest", "gnp", "meal-feed", "alum", "oilseed", "gold", "tin", "strategic-metal", "livestock", "retail",
            "ipi", "iron-steel", "rubber", "heat", "jobs", "lei", "bop", "zinc", "orange", "pet-chem",
            "dlr", "gas", "silver", "wpi", "hog", "lead",
        ];

        /// <summary>
        /// Loads the newswires as <c>keras.datasets.reuters.load_data</c> does, argument for argument:
        /// shuffled with NumPy's <c>RandomState(seed)</c> (the same order as Keras), each starting with
        /// <paramref name="startChar"/> and its ids shifted by <paramref name="indexFrom"/>; with
        /// <paramref name="maxLen"/> only newswires shorter than it are kept; ids outside
        /// [<paramref name="skipTop"/>, <paramref name="numWords"/>) become <paramref name="oovChar"/>
        /// (or are dropped when it is null); the last <paramref name="testSplit"/> of them are the test set.
        /// </summary>
        /// <exception cref="FileNotFoundException">reuters.npz is in none of the places looked in.</exception>
        /// <exception cref="InvalidDataException">The file fails its checksum or is not the expected arrays.</exception>
        public static ((int[][] X, float[] Y) Train, (int[][] X, float[] Y) Test) Load(
            int? numWords = null, int skipTop = 0, int? maxLen = null, double testSplit = 0.2, int seed = 113,
            int? startChar = 1, int? oovChar = 2, int indexFrom = 3, string? directory = null, bool verify = true, bool download = false)
        {
            KerasSequences.CheckArguments(numWords, skipTop, maxLen, seed, indexFrom);
            CheckTestSplit(testSplit);
            var (bytes, path) = File.ReadBytes(directory, verify, download);
            using var stream = new MemoryStream(bytes, writable: false);
            return Prepare(Npz.Read(stream, path), path, numWords, skipTop, maxLen, testSplit, seed, startChar, oovChar, indexFrom);
        }

        internal static ((int[][] X, float[] Y) Train, (int[][] X, float[] Y) Test) Prepare(
            IReadOnlyDictionary<string, NpyArray> arrays, string name,
            int? numWords, int skipTop, int? maxLen, double testSplit, int seed, int? startChar, int? oovChar, int indexFrom)
        {
            int[][] xs = arrays.Member("x", name).ToSequences();
            float[] labels = KerasSequences.Labels(arrays.Member("y", name), xs.Length, name);
            int[] order = new NumpyRandomState((uint)seed).Permutation(xs.Length);
            (xs, labels) = (KerasSequences.Take(xs, order), KerasSequences.Take(labels, order));
            xs = KerasSequences.Offset(xs, startChar, indexFrom);
            if (maxLen is > 0) (xs, labels) = KerasSequences.RemoveLong(maxLen.Value, xs, labels);
            xs = KerasSequences.Limit(xs, numWords, skipTop, oovChar);
            int train = (int)(xs.Length * (1 - testSplit));
            return ((xs[..train], labels[..train]), (xs[train..], labels[train..]));
        }

        /// <summary>The word index (<c>keras.datasets.reuters.get_word_index</c>) from <c>reuters_word_index.json</c>; see <see cref="Imdb.GetWordIndex"/>.</summary>
        /// <exception cref="FileNotFoundException">The file is in none of the places looked in.</exception>
        /// <exception cref="InvalidDataException">The file fails its checksum or is not a word index.</exception>
        public static IReadOnlyDictionary<string, int> GetWordIndex(string? directory = null, bool verify = true, bool download = false)
        {
            var (bytes, path) = WordIndexFile.ReadBytes(directory, verify, download);
            return WordIndex.Parse(bytes, path);
        }
    }

    /// <summary>Keras's <c>test_split</c>: a fraction in [0, 1).</summary>
    internal static void CheckTestSplit(double testSplit)
    {
        if (!(testSplit >= 0 && testSplit < 1))
            throw new ArgumentOutOfRangeException(nameof(testSplit), testSplit, "Expected a fraction in [0, 1).");
    }
}
