using System.Text.Json;
using Unroll;
using Unroll.Tests.Files;
using static Unroll.Tests.Data.DatasetFixtures;

namespace Unroll.Tests.Data;

/// <summary>
/// The Keras dataset loaders on stand-ins written by NumPy in exactly Keras's file format
/// (tests/reference/make_dataset_fixtures.py): the real files cannot be downloaded here.
/// </summary>
public class KerasDatasetTests
{
    private static void AssertSplit(JsonElement expected, ((int[][] X, float[] Y) Train, (int[][] X, float[] Y) Test) actual, string what)
    {
        Assert.True(Sequences(expected.GetProperty("x_train")).SequenceEqual(actual.Train.X, new SequenceComparer()), $"{what}: x_train");
        Assert.True(Sequences(expected.GetProperty("x_test")).SequenceEqual(actual.Test.X, new SequenceComparer()), $"{what}: x_test");
        Assert.Equal(Floats(expected.GetProperty("y_train")), actual.Train.Y);
        Assert.Equal(Floats(expected.GetProperty("y_test")), actual.Test.Y);
    }

    private sealed class SequenceComparer : IEqualityComparer<int[]>
    {
        public bool Equals(int[]? a, int[]? b) => a!.SequenceEqual(b!);
        public int GetHashCode(int[] s) => s.Length;
    }

    [Fact]
    public void Imdb_matches_keras_load_data_for_every_argument_case()
    {
        var arrays = Npz.Read(File("imdb.npz"));
        int cases = 0;
        foreach (JsonElement c in Expected.GetProperty("imdb").EnumerateArray())
        {
            JsonElement a = c.GetProperty("args");
            var actual = Datasets.Imdb.Prepare(arrays, "imdb.npz",
                OptionalInt(a, "num_words", null), OptionalInt(a, "skip_top", 0) ?? 0, OptionalInt(a, "maxlen", null),
                OptionalInt(a, "seed", 113) ?? 113, OptionalInt(a, "start_char", 1), OptionalInt(a, "oov_char", 2), OptionalInt(a, "index_from", 3) ?? 3);
            AssertSplit(c, actual, a.GetRawText());
            cases++;
        }
        Assert.Equal(6, cases);
    }

    [Fact]
    public void Reuters_matches_keras_load_data_for_every_argument_case()
    {
        var arrays = Npz.Read(File("reuters.npz"));
        int cases = 0;
        foreach (JsonElement c in Expected.GetProperty("reuters").EnumerateArray())
        {
            JsonElement a = c.GetProperty("args");
            var actual = Datasets.Reuters.Prepare(arrays, "reuters.npz",
                OptionalInt(a, "num_words", null), OptionalInt(a, "skip_top", 0) ?? 0, OptionalInt(a, "maxlen", null), Double(a, "test_split", 0.2),
                OptionalInt(a, "seed", 113) ?? 113, OptionalInt(a, "start_char", 1), OptionalInt(a, "oov_char", 2), OptionalInt(a, "index_from", 3) ?? 3);
            AssertSplit(c, actual, a.GetRawText());
            cases++;
        }
        Assert.Equal(5, cases);
    }

    [Fact]
    public void BostonHousing_matches_keras_load_data_for_every_argument_case()
    {
        var arrays = Npz.Read(File("boston_housing.npz"));
        int cases = 0;
        foreach (JsonElement c in Expected.GetProperty("boston").EnumerateArray())
        {
            JsonElement a = c.GetProperty("args");
            var (train, test) = Datasets.BostonHousing.Prepare(arrays, "boston_housing.npz", Double(a, "test_split", 0.2), OptionalInt(a, "seed", 113) ?? 113);
            Assert.Equal(FlatFloats(c.GetProperty("x_train")), train.X.Data);
            Assert.Equal(FlatFloats(c.GetProperty("x_test")), test.X.Data);
            Assert.Equal(13, train.X.Columns);
            Assert.Equal(Floats(c.GetProperty("y_train")), train.Y);
            Assert.Equal(Floats(c.GetProperty("y_test")), test.Y);
            cases++;
        }
        Assert.Equal(3, cases);
    }

    [Fact]
    public void Loaders_read_the_files_from_a_folder_and_check_the_published_hash()
    {
        using var folder = new TemporaryFolder();
        foreach (string name in new[] { "imdb.npz", "reuters.npz", "boston_housing.npz", "imdb_word_index.json" })
            System.IO.File.Copy(File(name), folder.File(name));

        var imdb = Datasets.Imdb.Load(numWords: 20, directory: folder.Path, verify: false);
        AssertSplit(Expected.GetProperty("imdb")[1], imdb, "imdb num_words=20");
        var reuters = Datasets.Reuters.Load(directory: folder.Path, verify: false);
        AssertSplit(Expected.GetProperty("reuters")[0], reuters, "reuters");
        var boston = Datasets.BostonHousing.Load(directory: folder.Path, verify: false);
        Assert.Equal(FlatFloats(Expected.GetProperty("boston")[0].GetProperty("x_train")), boston.Train.X.Data);

        // The stand-ins are not Keras's files: with verify (the default) the hash Keras publishes is checked.
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Imdb.Load(directory: folder.Path));
        Assert.Contains("expected the SHA-256 69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f that Keras publishes", e.Message);
        e = Assert.Throws<InvalidDataException>(() => Datasets.Imdb.GetWordIndex(directory: folder.Path));
        Assert.Contains("expected the MD5 bfafd718b763782e994055a2d397834f", e.Message);
    }

    [Fact]
    public void A_missing_file_names_the_places_looked_in_and_is_not_downloaded()
    {
        using var folder = new TemporaryFolder();

        var e = Assert.Throws<FileNotFoundException>(() => Datasets.Reuters.Load(directory: folder.Path));

        Assert.StartsWith($"Reuters was not found: expected the file reuters.npz. Looked in:\n  {folder.Path} (the directory given): no reuters.npz", e.Message);
        Assert.Contains("Load(download: true)", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public void Mnist_reads_keras_mnist_npz_when_there_are_no_idx_files()
    {
        using var folder = new TemporaryFolder();
        System.IO.File.Copy(File("mnist.npz"), folder.File("mnist.npz"));
        JsonElement expected = Expected.GetProperty("mnist");

        var (train, test) = Datasets.Mnist.Load(directory: folder.Path, scale: false, verify: false);

        Assert.Equal((5, 784), (train.X.Rows, train.X.Columns));
        Assert.Equal(FlatFloats(expected.GetProperty("x_train")), train.X.Data);
        Assert.Equal(Floats(expected.GetProperty("y_train")), train.Y);
        Assert.Equal(FlatFloats(expected.GetProperty("x_test")), test.X.Data);
        Assert.Equal(Floats(expected.GetProperty("y_test")), test.Y);
        var scaled = Datasets.Mnist.Load(directory: folder.Path, verify: false);
        Assert.Equal(train.X.Data.Select(v => v / 255f), scaled.Train.X.Data);
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Mnist.Load(directory: folder.Path));
        Assert.Contains("731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1", e.Message);
    }

    [Fact]
    public void Word_index_maps_ids_back_to_words_as_keras_documents()
    {
        using var folder = new TemporaryFolder();
        System.IO.File.Copy(File("imdb_word_index.json"), folder.File("imdb_word_index.json"));

        var index = Datasets.Imdb.GetWordIndex(directory: folder.Path, verify: false);
        var words = WordIndex.Invert(index);

        Assert.Equal(1, index["the"]);
        Assert.Equal("[START] the and [OOV] ?", WordIndex.Decode(words, [1, 4, 5, 2, 99]));
        var e = Assert.Throws<InvalidDataException>(() => WordIndex.Parse("{\"a\": 1.5}"u8, "w.json"));
        Assert.Equal("w.json: the word 'a' maps to 1.5; expected a whole number.", e.Message);
    }

    [Fact]
    public void Arguments_out_of_keras_range_are_refused_before_any_file_is_read()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.Reuters.Load(testSplit: 1.0, directory: "/nonexistent"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.Imdb.Load(seed: -1, directory: "/nonexistent"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.BostonHousing.Load(testSplit: -0.1, directory: "/nonexistent"));
    }

    [Fact]
    public void Imdb_maxLen_that_keeps_nothing_is_an_error_as_in_keras()
    {
        var arrays = Npz.Read(File("imdb.npz"));
        var e = Assert.Throws<ArgumentException>(() => Datasets.Imdb.Prepare(arrays, "imdb.npz", null, 0, 1, 113, 1, 2, 3));
        Assert.Contains("increase maxLen", e.Message);
    }
}
