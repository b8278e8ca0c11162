using Unroll.Tests.Networks;

namespace Unroll.Tests.Selection;

/// <summary>cross_val_score for networks: a fresh network per fold, scored on the held-out rows, reproducibly.</summary>
public class CrossValidationTests
{
    private static (Matrix X, Matrix Y) Pima()
        => Csv.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "pima-indians-diabetes.csv")).SplitLabel(column: 8);

    private static CrossValidationScores ScorePima(CrossValidator folds, int threads, List<PimaNet>? made = null)
    {
        (Matrix x, Matrix y) = Pima();
        int n = 0;
        return CrossValidation.Score(
            () => { var net = new PimaNet(seed: 100 + n++) { Threads = threads }; made?.Add(net); return net; },
            net => net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy),
            x, y.Data, folds, epochs: 3, batchSize: 64);
    }

    [Fact]
    public void Each_fold_trains_a_fresh_network_and_is_scored_on_its_test_rows()
    {
        var made = new List<PimaNet>();
        CrossValidationScores scores = ScorePima(new StratifiedKFold(3, shuffle: true, seed: 5), threads: 1, made);
        Assert.Equal(3, made.Count);
        Assert.Equal(3, made.Distinct().Count());
        Assert.Equal("accuracy", scores.Metric);
        Assert.Equal(3, scores.Scores.Count);
        Assert.All(scores.Scores, s => Assert.InRange(s, 0f, 1f));
        Assert.Equal(scores.Scores.Average(s => (double)s), scores.Mean, 1e-6);

        // Each score is what the fold's own network reports on the fold's test rows.
        (Matrix x, Matrix y) = Pima();
        IReadOnlyList<Fold> folds = new StratifiedKFold(3, shuffle: true, seed: 5).Split(x, y);
        for (int f = 0; f < 3; f++)
            Assert.Equal(made[f].Evaluate(x.SelectRows(folds[f].Test), y.SelectRows(folds[f].Test), 64)["accuracy"], scores.Scores[f]);
    }

    [Fact]
    public void Same_seeds_and_thread_count_give_identical_scores()
    {
        CrossValidationScores a = ScorePima(new KFold(3, shuffle: true, seed: 11), threads: 2);
        CrossValidationScores b = ScorePima(new KFold(3, shuffle: true, seed: 11), threads: 2);
        Assert.Equal(a.Scores, b.Scores);
        CrossValidationScores otherFolds = ScorePima(new KFold(3, shuffle: true, seed: 12), threads: 2);
        Assert.NotEqual(a.Scores, otherFolds.Scores);
    }

    [Fact]
    public void Loss_can_be_scored_and_an_unknown_metric_is_refused_before_training()
    {
        (Matrix x, Matrix y) = Pima();
        CrossValidationScores loss = CrossValidation.Score(() => new PimaNet(seed: 1),
            net => net.Compile(new Adam(), Loss.BinaryCrossEntropy), x, y, new KFold(2), epochs: 1, metric: "loss");
        Assert.All(loss.Scores, s => Assert.True(s > 0 && float.IsFinite(s), $"loss {s}"));

        var ex = Assert.Throws<ArgumentException>(() => CrossValidation.Score(() => new PimaNet(seed: 1),
            net => net.Compile(new Adam(), Loss.BinaryCrossEntropy), x, y, new KFold(2), epochs: 1, metric: "accuracy"));
        Assert.Contains("reports loss", ex.Message);
    }

    [Fact]
    public void A_factory_that_returns_the_same_network_twice_is_refused()
    {
        (Matrix x, Matrix y) = Pima();
        var shared = new PimaNet(seed: 1);
        var ex = Assert.Throws<InvalidOperationException>(() => CrossValidation.Score(() => shared,
            net => net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy), x, y, new KFold(2), epochs: 1));
        Assert.Contains("same network", ex.Message);
    }

    [Fact]
    public void Scores_print_mean_and_spread_as_the_tutorials_do()
    {
        var s = new CrossValidationScores("accuracy", [0.5f, 0.7f]);
        Assert.Equal(0.6f, s.Mean, 1e-6f);
        Assert.Equal(0.1f, s.StandardDeviation, 1e-6f);
        Assert.Equal("accuracy: 0.6000 (+/- 0.1000) over 2 folds", s.ToString());
    }
}
