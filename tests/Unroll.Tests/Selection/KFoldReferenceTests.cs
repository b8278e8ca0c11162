using System.Text.Json;

namespace Unroll.Tests.Selection;

/// <summary>
/// Unshuffled folds equal scikit-learn's, index for index, including where it refuses to split.
/// Expected folds come from scikit-learn itself (tests/reference/make_kfold_reference.py).
/// </summary>
public class KFoldReferenceTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "kfold_reference.json"))).RootElement;

    private static void AssertSameFolds(JsonElement expected, IReadOnlyList<Fold> actual, string what)
    {
        JsonElement[] folds = expected.EnumerateArray().ToArray();
        Assert.True(folds.Length == actual.Count, $"{what}: scikit-learn makes {folds.Length} folds, Unroll {actual.Count}");
        for (int f = 0; f < folds.Length; f++)
        {
            int[] train = folds[f].GetProperty("train").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            int[] test = folds[f].GetProperty("test").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.True(train.SequenceEqual(actual[f].Train), $"{what}, fold {f}: train [{string.Join(",", train)}] expected, [{string.Join(",", actual[f].Train)}] found");
            Assert.True(test.SequenceEqual(actual[f].Test), $"{what}, fold {f}: test [{string.Join(",", test)}] expected, [{string.Join(",", actual[f].Test)}] found");
        }
    }

    [Fact]
    public void KFold_matches_scikit_learn_for_every_sample_count_and_split_count()
    {
        int checkedCases = 0;
        foreach (JsonElement c in Reference.GetProperty("kfold").EnumerateArray())
        {
            int n = c.GetProperty("n").GetInt32(), k = c.GetProperty("n_splits").GetInt32();
            var kfold = new KFold(k);
            if (c.GetProperty("error").GetBoolean())
                Assert.Throws<ArgumentException>(() => kfold.Split(n));
            else
                AssertSameFolds(c.GetProperty("folds"), kfold.Split(n), $"KFold({k}) of {n}");
            checkedCases++;
        }
        Assert.True(checkedCases > 200, $"only {checkedCases} KFold cases in the fixture");
    }

    [Fact]
    public void StratifiedKFold_matches_scikit_learn_for_every_label_set()
    {
        int checkedCases = 0, refused = 0;
        foreach (JsonElement c in Reference.GetProperty("stratified").EnumerateArray())
        {
            float[] labels = c.GetProperty("labels").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            int k = c.GetProperty("n_splits").GetInt32();
            var skf = new StratifiedKFold(k);
            string what = $"StratifiedKFold({k}) of [{string.Join(",", labels)}]";
            if (c.GetProperty("error").GetBoolean())
            {
                Assert.Throws<ArgumentException>(() => skf.Split(labels));
                refused++;
            }
            else
            {
                AssertSameFolds(c.GetProperty("folds"), skf.Split(labels), what);
                // The Matrix overload reads the same classes from a one-column y.
                var y = new Matrix(labels.Length, 1, labels);
                AssertSameFolds(c.GetProperty("folds"), skf.Split(new Matrix(labels.Length, 0), y), what + " (Matrix)");
            }
            checkedCases++;
        }
        Assert.True(checkedCases > 150 && refused > 0, $"{checkedCases} stratified cases, {refused} refused: the fixture should hold both kinds");
    }
}
