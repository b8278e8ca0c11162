namespace Unroll;

public static partial class Datasets
{
    /// <summary>
    /// IMDB movie reviews (Maas et al., 2011): 25 000 training and 25 000 test reviews labelled by
    /// sentiment (1 positive, 0 negative), each a sequence of word ids, as in <c>keras.datasets.imdb</c>.
    /// Read from Keras's <c>imdb.npz</c>; see <see cref="KerasDatasetFile"/> for where it is looked for.
    /// </summary>
    public static class Imdb
    {
        /// <summary>The folder name under the dataset roots.</summary>
        public const string Name = "imdb";

        // The hashes keras/src/datasets/imdb.py checks (SHA-256 of the npz, MD5 of the word index).
        internal static readonly KerasDatasetFile File = new("IMDB", Name, "imdb.npz", "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f");
        internal static readonly KerasDatasetFile WordIndexFile = new("The IMDB word index", Name, "imdb_word_index.json", "bfafd718b763782e994055a2d397834f");

        /// <summary>
        /// Loads the reviews as <c>keras.datasets.imdb.load_data</c> does, argument for argument: each
        /// set shuffled with NumPy's <c>RandomState(seed)</c> (the same order as Keras), a review
        /// starting with <paramref name="startChar"/> and its word ids shifted by <paramref name="indexFrom"/>;
        /// with <paramref name="maxLen"/> only reviews shorter than it are kept; ids outside
        /// [<paramref name="skipTop"/>, <paramref name="numWords"/>) become <paramref name="oovChar"/>
        /// (or are dropped when it is null). Pad the sequences with <see cref="Sequences"/>.
        /// </summary>
        /// <exception cref="FileNotFoundException">imdb.npz is in none of the places looked in.</exception>
        /// <exception cref="InvalidDataException">The file fails its checksum or is not the expected arrays.</exception>
        /// <exception cref="ArgumentException">No review is shorter than <paramref name="maxLen"/>.</exception>
        public static ((int[][] X, float[] Y) Train, (int[][] X, float[] Y) Test) Load(
            int? numWords = null, int skipTop = 0, int? maxLen = null, int seed = 113, int? startChar = 1, int? oovChar = 2, int indexFrom = 3,
            string? directory = null, bool verify = true, bool download = false)
        {
            KerasSequences.CheckArguments(numWords, skipTop, maxLen, seed, indexFrom);
            var (bytes, path) = File.ReadBytes(directory, verify, download);
            using var stream = new MemoryStream(bytes, writable: false);
            var arrays = Npz.Read(stream, path);
            return Prepare(arrays, path, numWords, skipTop, maxLen, seed, startChar, oovChar, indexFrom);
        }

        internal static ((int[][] X, float[] Y) Train, (int[][] X, float[] Y) Test) Prepare(
            IReadOnlyDictionary<string, NpyArray> arrays, string name,
            int? numWords, int skipTop, int? maxLen, int seed, int? startChar, int? oovChar, int indexFrom)
        {
            int[][] xTrain = arrays.Member("x_train", name).ToSequences(), xTest = arrays.Member("x_test", name).ToSequences();
            float[] yTrain = KerasSequences.Labels(arrays.Member("y_train", name), xTrain.Length, name);
            float[] yTest = KerasSequences.Labels(arrays.Member("y_test", name), xTest.Length, name);

            // One generator for both sets: the test order continues the training draw, as in Keras.
            var random = new NumpyRandomState((uint)seed);
            int[] order = random.Permutation(xTrain.Length);
            (xTrain, yTrain) = (KerasSequences.Take(xTrain, order), KerasSequences.Take(yTrain, order));
            order = random.Permutation(xTest.Length);
            (xTest, yTest) = (KerasSequences.Take(xTest, order), KerasSequences.Take(yTest, order));

            xTrain = KerasSequences.Offset(xTrain, startChar, indexFrom);
            xTest = KerasSequences.Offset(xTest, startChar, indexFrom);
            if (maxLen is > 0)
            {
                (xTrain, yTrain) = KerasSequences.RemoveLong(maxLen.Value, xTrain, yTrain);
                (xTest, yTest) = KerasSequences.RemoveLong(maxLen.Value, xTest, yTest);
                if (xTrain.Length == 0 || xTest.Length == 0)
                    throw new ArgumentException($"After keeping only the sequences shorter than maxLen={maxLen}, no sequence is left; increase maxLen.", nameof(maxLen));
            }
            int[][] xs = KerasSequences.Limit([.. xTrain, .. xTest], numWords, skipTop, oovChar);
            return ((xs[..xTrain.Length], yTrain), (xs[xTrain.Length..], yTest));
        }

        /// <summary>
        /// The word index (<c>keras.datasets.imdb.get_word_index</c>): word → frequency rank, from
        /// <c>imdb_word_index.json</c>. A word's id in <see cref="Load"/>'s sequences is its rank +
        /// <c>indexFrom</c>; <see cref="WordIndex.Invert"/> and <see cref="WordIndex.Decode"/> turn ids back into words.
        /// </summary>
        /// <exception cref="FileNotFoundException">The file is in none of the places looked in.</exception>
        /// <exception cref="InvalidDataException">The file fails its checksum or is not a word index.</exception>
        public static IReadOnlyDictionary<string, int> GetWordIndex(string? directory = null, bool verify = true, bool download = false)
        {
            var (bytes, path) = WordIndexFile.ReadBytes(directory, verify, download);
            return WordIndex.Parse(bytes, path);
        }
    }
}
