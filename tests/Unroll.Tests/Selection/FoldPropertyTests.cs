using CsCheck;

namespace Unroll.Tests.Selection;

/// <summary>
/// What holds for every fold, shuffled or not: the test sets partition the rows, each train set is
/// the rest in increasing order, fold sizes follow scikit-learn, stratified folds keep class
/// counts within one of the proportional share, and a seed fixes the folds.
/// </summary>
public class FoldPropertyTests
{
    private static void AssertPartition(IReadOnlyList<Fold> folds, int samples, int k)
    {
        Assert.Equal(k, folds.Count);
        var seen = new int[samples];
        foreach (Fold fold in folds)
        {
            foreach (int i in fold.Test) seen[i]++;
            int[] rest = Enumerable.Range(0, samples).Except(fold.Test).ToArray();
            Assert.Equal(rest, fold.Train);
        }
        Assert.All(seen, count => Assert.Equal(1, count));
    }

    [Fact]
    public void KFold_sizes_give_the_first_n_mod_k_folds_one_more_sample_shuffled_or_not()
    {
        Gen.Select(Gen.Int[2, 300], Gen.Int[2, 12], Gen.Int, Gen.Bool).Where((n, k, _, _) => k <= n).Sample((n, k, seed, shuffle) =>
        {
            IReadOnlyList<Fold> folds = new KFold(k, shuffle, shuffle ? seed : null).Split(n);
            AssertPartition(folds, n, k);
            for (int f = 0; f < k; f++)
                Assert.Equal(n / k + (f < n % k ? 1 : 0), folds[f].Test.Length);
        });
    }

    [Fact]
    public void Unshuffled_KFold_folds_are_contiguous_and_in_order()
    {
        Gen.Select(Gen.Int[2, 300], Gen.Int[2, 12]).Where((n, k) => k <= n).Sample((n, k) =>
        {
            int next = 0;
            foreach (Fold fold in new KFold(k).Split(n))
                foreach (int i in fold.Test) Assert.Equal(next++, i);
        });
    }

    [Fact]
    public void Shuffled_KFold_is_a_permutation_fixed_by_the_seed()
    {
        Gen.Select(Gen.Int[20, 300], Gen.Int[2, 10], Gen.Int).Sample((n, k, seed) =>
        {
            var kfold = new KFold(k, shuffle: true, seed: seed);
            int[] order = kfold.Split(n).SelectMany(f => f.Test).ToArray();
            int[] again = new KFold(k, shuffle: true, seed: seed).Split(n).SelectMany(f => f.Test).ToArray();
            Assert.Equal(order, again);
            Assert.NotEqual(Enumerable.Range(0, n), order); // 20! orders: the identity means no shuffle
            int[] other = new KFold(k, shuffle: true, seed: seed + 1).Split(n).SelectMany(f => f.Test).ToArray();
            Assert.NotEqual(order, other);
        });
    }

    [Fact]
    public void Stratified_folds_keep_each_class_within_one_of_its_share_shuffled_or_not()
    {
        Gen.Select(Gen.Int[0, 4].Array[10, 200], Gen.Int[2, 6], Gen.Int, Gen.Bool).Sample((ids, k, seed, shuffle) =>
        {
            float[] labels = Array.ConvertAll(ids, i => (float)i);
            int[] classCounts = labels.Distinct().Select(c => labels.Count(l => l == c)).ToArray();
            var skf = new StratifiedKFold(k, shuffle, shuffle ? seed : null);
            if (k > labels.Length || classCounts.All(c => c < k))
            {
                Assert.Throws<ArgumentException>(() => skf.Split(labels));
                return;
            }
            IReadOnlyList<Fold> folds = skf.Split(labels);
            AssertPartition(folds, labels.Length, k);
            foreach (float c in labels.Distinct())
            {
                int total = labels.Count(l => l == c);
                foreach (Fold fold in folds)
                {
                    int inFold = fold.Test.Count(i => labels[i] == c);
                    Assert.True(inFold == total / k || inFold == total / k + 1,
                        $"class {c} ({total} samples, {k} folds): a fold holds {inFold}, expected {total / k} or {total / k + 1}");
                }
            }
            // Fold sizes differ by at most one, as in scikit-learn's round-robin deal.
            int min = folds.Min(f => f.Test.Length), max = folds.Max(f => f.Test.Length);
            Assert.True(max - min <= 1, $"fold sizes {min}..{max}");
            Assert.All(folds, f => Assert.True(f.Test.SequenceEqual(f.Test.Order()), "test rows are in increasing order"));
        });
    }

    [Fact]
    public void Shuffled_stratified_folds_are_fixed_by_the_seed_and_differ_from_unshuffled()
    {
        float[] labels = Enumerable.Range(0, 120).Select(i => (float)(i % 3)).ToArray();
        IReadOnlyList<Fold> a = new StratifiedKFold(4, shuffle: true, seed: 7).Split(labels);
        IReadOnlyList<Fold> b = new StratifiedKFold(4, shuffle: true, seed: 7).Split(labels);
        IReadOnlyList<Fold> plain = new StratifiedKFold(4).Split(labels);
        Assert.Equal(a.Select(f => f.Test), b.Select(f => f.Test));
        Assert.NotEqual(plain.SelectMany(f => f.Test), a.SelectMany(f => f.Test));
    }

    [Fact]
    public void One_hot_labels_stratify_by_their_class_column()
    {
        float[] ids = Enumerable.Range(0, 30).Select(i => (float)(i * 7 % 3)).ToArray();
        Matrix oneHot = OneHot.ToCategorical(ids);
        var skf = new StratifiedKFold(3);
        var x = new Matrix(30, 0);
        Assert.Equal(skf.Split(ids).Select(f => f.Test), skf.Split(x, oneHot).Select(f => f.Test));
    }

    [Fact]
    public void Bad_arguments_say_what_was_expected()
    {
        Assert.Contains("2 or more", Assert.Throws<ArgumentOutOfRangeException>(() => new KFold(1)).Message);
        Assert.Contains("without shuffle", Assert.Throws<ArgumentException>(() => new StratifiedKFold(3, shuffle: false, seed: 1)).Message);
        Assert.Contains("only 3 samples", Assert.Throws<ArgumentException>(() => new KFold(5).Split(3)).Message);
        Assert.Contains("for a continuous target use KFold", Assert.Throws<ArgumentException>(() => new StratifiedKFold(2).Split([0f, 1f, 0.5f, 1f])).Message);
        Assert.Contains("x has 4 rows and y has 3", Assert.Throws<ArgumentException>(() => new KFold(2).Split(new Matrix(4, 1), new Matrix(3, 1))).Message);
    }
}
