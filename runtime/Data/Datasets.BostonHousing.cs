namespace Unroll;

public static partial class Datasets
{
    /// <summary>
    /// Boston housing prices (StatLib, 1978), as in <c>keras.datasets.boston_housing</c>: 506
    /// locations with 13 attributes each and the median home value in k$. Keras warns of an
    /// ethical problem with the attribute "B"; use it to illustrate that, not to model prices.
    /// Read from Keras's <c>boston_housing.npz</c>; see <see cref="KerasDatasetFile"/> for where it is
    /// looked for (Debian's <c>r-cran-mlbench</c> has the same table as R data, not this file).
    /// </summary>
    public static class BostonHousing
    {
        /// <summary>The folder name under the dataset roots.</summary>
        public const string Name = "boston-housing";

        // The hash keras/src/datasets/boston_housing.py checks.
        internal static readonly KerasDatasetFile File = new("Boston housing", Name, "boston_housing.npz", "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5");

        /// <summary>
        /// Loads the table as <c>keras.datasets.boston_housing.load_data</c> does: rows shuffled with
        /// NumPy's <c>RandomState(seed)</c> (the same order as Keras), the first
        /// ⌊n·(1 − <paramref name="testSplit"/>)⌋ for training, the rest for testing. X has the 13
        /// attributes per row, Y the prices (float64 in the file, rounded to float).
        /// </summary>
        /// <exception cref="FileNotFoundException">boston_housing.npz is in none of the places looked in.</exception>
        /// <exception cref="InvalidDataException">The file fails its checksum or is not the expected arrays.</exception>
        public static ((Matrix X, float[] Y) Train, (Matrix X, float[] Y) Test) Load(
            double testSplit = 0.2, int seed = 113, string? directory = null, bool verify = true, bool download = false)
        {
            CheckTestSplit(testSplit);
            if (seed < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, "NumPy's RandomState takes seeds in [0, 2^32); expected ≥ 0.");
            var (bytes, path) = File.ReadBytes(directory, verify, download);
            using var stream = new MemoryStream(bytes, writable: false);
            return Prepare(Npz.Read(stream, path), path, testSplit, seed);
        }

        internal static ((Matrix X, float[] Y) Train, (Matrix X, float[] Y) Test) Prepare(
            IReadOnlyDictionary<string, NpyArray> arrays, string name, double testSplit, int seed)
        {
            NpyArray x = arrays.Member("x", name), y = arrays.Member("y", name);
            if (x.Shape.Count != 2 || x.IsSequences)
                throw new InvalidDataException($"{name}: x has shape {NpyArray.FormatShape(x.Shape)} and dtype {x.Descr}; expected a numeric (rows, attributes) table.");
            int rows = x.Shape[0], columns = x.Shape[1];
            if (y.Shape.Count != 1 || y.Count != rows)
                throw new InvalidDataException($"{name}: y has shape {NpyArray.FormatShape(y.Shape)}; expected ({rows},), one price per row of x.");
            float[] values = x.ToSingles(), prices = y.ToSingles();
            int[] order = new NumpyRandomState((uint)seed).Permutation(rows);
            int train = (int)(rows * (1 - testSplit));
            return (Rows(order[..train]), Rows(order[train..]));

            (Matrix X, float[] Y) Rows(int[] picked)
            {
                var data = new float[picked.Length * columns];
                for (int r = 0; r < picked.Length; r++)
                    values.AsSpan(picked[r] * columns, columns).CopyTo(data.AsSpan(r * columns));
                return (new Matrix(picked.Length, columns, data), [.. picked.Select(i => prices[i])]);
            }
        }
    }
}
