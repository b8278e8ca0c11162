using Unroll.Tests.Networks;

namespace Unroll.Tests.Selection;

// A second architecture with Pima's shape, for the network axis.
[Sequential, Input(8), Dense(8, Activation = Activation.ReLU), Dense(8, Activation = Activation.ReLU), Dense(1, Activation = Activation.Sigmoid)]
public partial class DeepPimaNet;

/// <summary>GridSearchCV for networks: the whole grid in scikit-learn's order, scored on shared folds, ranked, reproducibly.</summary>
public class GridSearchTests
{
    private static (Matrix X, float[] Y) Pima()
    {
        (Matrix x, Matrix y) = Csv.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "pima-indians-diabetes.csv")).SplitLabel(column: 8);
        return (x, y.Data);
    }

    // Counts the networks made, so a test can tell that nothing was trained.
    public sealed class Factories(int threads = 1)
    {
        public int Made;
        public Model Pima() { Made++; return new PimaNet(seed: 3) { Threads = threads }; }
        public Model Deep() { Made++; return new DeepPimaNet(seed: 4) { Threads = threads }; }
    }

    private static ParameterGrid SmallGrid(Factories f) => new()
    {
        Network = { ["pima"] = f.Pima, ["deep"] = f.Deep },
        BatchSize = [32, 128],
        Epochs = [2],
        Optimizer = ["SGD", "adam"],
    };

    private static GridSearchResult Search(Factories f, string? scoring = null)
    {
        (Matrix x, float[] y) = Pima();
        var search = new GridSearch(SmallGrid(f), Loss.BinaryCrossEntropy, Metric.Accuracy)
        {
            Cv = new StratifiedKFold(3, shuffle: true, seed: 5),
            Scoring = scoring,
            Refit = false,
        };
        return search.Fit(x, y);
    }

    [Fact]
    public void The_grid_is_every_combination_with_keys_sorted_and_the_last_fastest()
    {
        Func<Model> a = () => new PimaNet(seed: 1), b = () => new DeepPimaNet(seed: 1);
        var grid = new ParameterGrid
        {
            Optimizer = ["SGD", "Adam"],
            Network = { ["a"] = a, ["b"] = b },
            Epochs = [10, 50],
            BatchSize = [10, 20],
            LearningRate = [0.01f],
        };
        // itertools.product over sorted keys: batch_size, epochs, learning_rate, network, optimizer.
        var expected = new List<string>();
        foreach (int batch in new[] { 10, 20 })
            foreach (int epochs in new[] { 10, 50 })
                foreach (string net in new[] { "a", "b" })
                    foreach (string opt in new[] { "SGD", "Adam" })
                        expected.Add($"{{'batch_size': {batch}, 'epochs': {epochs}, 'learning_rate': 0.01, 'network': '{net}', 'optimizer': '{opt}'}}");
        IReadOnlyList<GridParameters> candidates = grid.Candidates();
        Assert.Equal(expected, candidates.Select(c => c.ToString()));
        Assert.Equal(16, grid.Count);
        Assert.IsType<PimaNet>(candidates[0].CreateNetwork());
        Assert.IsType<DeepPimaNet>(candidates[2].CreateNetwork());
        Assert.Equal(("Adam", 0.01f, 20, 50, "a"), (candidates[^3].Optimizer, candidates[^3].LearningRate!.Value, candidates[^3].BatchSize, candidates[^3].Epochs, candidates[^3].Network));
    }

    [Fact]
    public void Axes_left_out_take_the_Keras_defaults_and_are_not_in_the_params()
    {
        var grid = new ParameterGrid { Network = { ["pima"] = () => new PimaNet(seed: 1) } };
        GridParameters only = Assert.Single(grid.Candidates());
        Assert.Equal("{'network': 'pima'}", only.ToString());
        Assert.Equal((1, 32, "rmsprop", (float?)null), (only.Epochs, only.BatchSize, only.Optimizer, only.LearningRate));
        Optimizer optimizer = only.CreateOptimizer();
        Assert.IsType<RmsProp>(optimizer);
        Assert.Equal(0.001f, optimizer.LearningRate);
    }

    [Fact]
    public void Optimizers_are_made_by_Keras_name_with_the_grid_learning_rate_and_momentum()
    {
        var grid = new ParameterGrid
        {
            Network = { ["pima"] = () => new PimaNet(seed: 1) },
            Optimizer = ["sgd", "SGD"],
            LearningRate = [0.05f],
            Momentum = [0.9f],
        };
        foreach (GridParameters p in grid.Candidates())
        {
            var sgd = Assert.IsType<Sgd>(p.CreateOptimizer());
            Assert.Equal((0.05f, 0.9f), (sgd.LearningRate, sgd.Momentum));
        }
        var names = new ParameterGrid { Network = { ["n"] = () => new PimaNet(seed: 1) }, Optimizer = ["ADAM", "rmsprop", "Adagrad", "adadelta"] };
        Assert.Equal([typeof(Adam), typeof(RmsProp), typeof(Adagrad), typeof(Adadelta)], names.Candidates().Select(c => c.CreateOptimizer().GetType()));
        Assert.IsType<Sgd>(new ParameterGrid { Network = { ["n"] = () => new PimaNet(seed: 1) }, Optimizer = ["sgd"] }.Candidates()[0].CreateOptimizer());
        Assert.Equal(0.01f, new ParameterGrid { Network = { ["n"] = () => new PimaNet(seed: 1) }, Optimizer = ["sgd"] }.Candidates()[0].CreateOptimizer().LearningRate);
    }

    [Fact]
    public void Every_candidate_is_scored_on_the_same_folds_and_the_best_is_the_argmax_of_the_means()
    {
        var f = new Factories();
        GridSearchResult result = Search(f);
        Assert.Equal(8, result.Results.Count);
        Assert.Equal("accuracy", result.Scoring);
        Assert.True(result.HigherIsBetter);
        Assert.Equal(SmallGrid(new Factories()).Candidates().Select(c => c.ToString()), result.Results.Select(r => r.Params.ToString()));
        // 2 probes, then 3 folds × 8 candidates, and no refit.
        Assert.Equal(2 + 24, f.Made);

        float[] means = result.Results.Select(r => r.MeanTestScore).ToArray();
        Assert.Equal(Array.IndexOf(means, means.Max()), result.BestIndex);
        Assert.Equal(means.Max(), result.BestScore);
        Assert.Same(result.Results[result.BestIndex].Params, result.BestParams);
        AssertMinRanks(means, higherIsBetter: true, result.Results.Select(r => r.RankTestScore).ToArray());
        foreach (GridSearchCandidate r in result.Results)
        {
            Assert.Equal(3, r.TestScores.Count);
            Assert.Equal(r.TestScores.Average(s => (double)s), r.MeanTestScore, 1e-6);
            double mean = r.TestScores.Average(s => (double)s);
            Assert.Equal(Math.Sqrt(r.TestScores.Average(s => (s - mean) * (s - mean))), r.StdTestScore, 1e-6);
        }

        // A candidate's scores are exactly what cross_val_score gives it on the same folds.
        (Matrix x, float[] y) = Pima();
        GridSearchCandidate sixth = result.Results[5];
        Assert.Equal("{'batch_size': 128, 'epochs': 2, 'network': 'pima', 'optimizer': 'adam'}", sixth.Params.ToString());
        CrossValidationScores direct = CrossValidation.Score(() => new PimaNet(seed: 3) { Threads = 1 },
            net => net.Compile(new Adam(), Loss.BinaryCrossEntropy, Metric.Accuracy), x, y,
            new StratifiedKFold(3, shuffle: true, seed: 5), epochs: 2, batchSize: 128);
        Assert.Equal(direct.Scores, sixth.TestScores);
    }

    [Fact]
    public void Scoring_the_loss_ranks_the_lowest_first()
    {
        GridSearchResult result = Search(new Factories(), scoring: "loss");
        Assert.False(result.HigherIsBetter);
        float[] means = result.Results.Select(r => r.MeanTestScore).ToArray();
        Assert.Equal(Array.IndexOf(means, means.Min()), result.BestIndex);
        AssertMinRanks(means, higherIsBetter: false, result.Results.Select(r => r.RankTestScore).ToArray());
    }

    [Fact]
    public void Same_seeds_and_thread_count_give_bit_identical_results()
    {
        GridSearchResult a = Search(new Factories(threads: 2)), b = Search(new Factories(threads: 2));
        Assert.Equal(Bits(a), Bits(b));
        Assert.Equal(a.BestIndex, b.BestIndex);

        static int[] Bits(GridSearchResult r)
            => r.Results.SelectMany(c => c.TestScores.Append(c.MeanTestScore).Append(c.StdTestScore)).Select(BitConverter.SingleToInt32Bits).ToArray();
    }

    [Fact]
    public void Tied_means_share_the_smaller_rank_and_NaN_ranks_last()
    {
        Assert.Equal([4, 1, 1, 3, 5], GridSearchResult.Ranks([0.5f, 0.7f, 0.7f, 0.6f, float.NaN], higherIsBetter: true));
        Assert.Equal([1, 3, 3, 2, 5], GridSearchResult.Ranks([0.5f, 0.7f, 0.7f, 0.6f, float.NaN], higherIsBetter: false));
        Assert.Equal([1, 1], GridSearchResult.Ranks([float.NaN, float.NaN], higherIsBetter: true));
    }

    [Fact]
    public void Refit_trains_the_best_candidate_on_all_the_data()
    {
        (Matrix x, float[] y) = Pima();
        var f = new Factories();
        var grid = new ParameterGrid { Network = { ["pima"] = f.Pima }, Epochs = [1], Optimizer = ["adam"] };
        GridSearchResult result = new GridSearch(grid, Loss.BinaryCrossEntropy, Metric.Accuracy) { Cv = new KFold(2) }.Fit(x, y);
        Model best = Assert.IsType<PimaNet>(result.BestModel);
        Assert.Equal(1 + 2 + 1, f.Made);
        Assert.True(best.IsCompiled);
        Assert.IsType<Adam>(best.Optimizer);
        Assert.Equal(Math.Ceiling(x.Rows / 32.0), best.Optimizer.Iterations); // one epoch over every row
        Assert.Equal("{'epochs': 1, 'network': 'pima', 'optimizer': 'adam'}", result.BestParams.ToString());
        Assert.StartsWith("Best: ", result.ToString());
        Assert.EndsWith(" using {'epochs': 1, 'network': 'pima', 'optimizer': 'adam'}", result.ToString());
    }

    [Fact]
    public void Verbose_prints_a_line_per_candidate()
    {
        (Matrix x, float[] y) = Pima();
        var log = new StringWriter();
        var grid = new ParameterGrid { Network = { ["pima"] = () => new PimaNet(seed: 1) }, BatchSize = [64, 128] };
        GridSearchResult result = new GridSearch(grid, Loss.BinaryCrossEntropy, Metric.Accuracy) { Cv = new KFold(2), Refit = false, Verbose = 1, Log = log }.Fit(x, y);
        string[] lines = log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("[1/2] {'batch_size': 64, 'network': 'pima'}: accuracy 0.", lines[0]);
        Assert.StartsWith("[2/2] {'batch_size': 128, 'network': 'pima'}: accuracy 0.", lines[1]);
        Assert.Matches(@"^0\.\d{6} \(0\.\d{6}\) with: \{'batch_size': 64, 'network': 'pima'\}$", result.Results[0].ToString());
    }

    public static TheoryData<string, Func<Factories, ParameterGrid>> BadGrids => new()
    {
        { "has no network", f => new ParameterGrid { Epochs = [1] } },
        { "BatchSize (batch_size) is empty", f => new ParameterGrid { Network = { ["p"] = f.Pima }, BatchSize = [] } },
        { "Epochs (epochs) is empty", f => new ParameterGrid { Network = { ["p"] = f.Pima }, Epochs = [] } },
        { "Optimizer (optimizer) is empty", f => new ParameterGrid { Network = { ["p"] = f.Pima }, Optimizer = [] } },
        { "LearningRate (learning_rate) is empty", f => new ParameterGrid { Network = { ["p"] = f.Pima }, LearningRate = [] } },
        { "no optimizer named 'Nadam'; the names are SGD, Adam, RMSprop, Adagrad, Adadelta", f => new ParameterGrid { Network = { ["p"] = f.Pima }, Optimizer = ["adam", "Nadam"] } },
        { "Momentum applies to SGD only, but the grid also trains with Adam", f => new ParameterGrid { Network = { ["p"] = f.Pima }, Optimizer = ["SGD", "Adam"], Momentum = [0.9f] } },
        { "Momentum applies to SGD only, but the grid also trains with rmsprop", f => new ParameterGrid { Network = { ["p"] = f.Pima }, Momentum = [0.9f] } },
        { "a batch size must be at least 1", f => new ParameterGrid { Network = { ["p"] = f.Pima }, BatchSize = [10, 0] } },
        { "the number of epochs must be at least 1", f => new ParameterGrid { Network = { ["p"] = f.Pima }, Epochs = [0] } },
        { "a learning rate must be a positive finite number", f => new ParameterGrid { Network = { ["p"] = f.Pima }, LearningRate = [float.NaN] } },
        { "momentum must be in [0, 1)", f => new ParameterGrid { Network = { ["p"] = f.Pima }, Optimizer = ["sgd"], Momentum = [1f] } },
    };

    [Theory]
    [MemberData(nameof(BadGrids))]
    public void A_bad_grid_is_refused_before_any_network_is_made(string message, Func<Factories, ParameterGrid> grid)
    {
        (Matrix x, float[] y) = Pima();
        var f = new Factories();
        var ex = Assert.Throws<ArgumentException>(() => new GridSearch(grid(f), Loss.BinaryCrossEntropy, Metric.Accuracy).Fit(x, y));
        Assert.Contains(message, ex.Message);
        Assert.Equal(0, f.Made);
    }

    [Fact]
    public void A_bad_scoring_is_refused_before_any_network_is_made()
    {
        (Matrix x, float[] y) = Pima();
        var f = new Factories();
        ArgumentException Refused(string? scoring, params Metric[] metrics)
            => Assert.Throws<ArgumentException>(() => new GridSearch(SmallGrid(f), Loss.BinaryCrossEntropy, metrics) { Scoring = scoring }.Fit(x, y));

        Assert.Contains("Cannot score 'acc': the candidates report loss, accuracy; set Scoring to one of them. Keras 3 names accuracy 'accuracy'.", Refused("acc", Metric.Accuracy).Message);
        Assert.Contains("Cannot score 'accuracy': the candidates report loss;", Refused("accuracy").Message);
        Assert.Contains("Cannot tell whether a higher 'custom' is better; set HigherIsBetter", Refused("custom", new DirectionlessMetric()).Message);
        Assert.Equal(0, f.Made);

        // A direction given by hand is taken.
        GridSearchResult result = new GridSearch(new ParameterGrid { Network = { ["p"] = f.Pima } }, Loss.BinaryCrossEntropy, new DirectionlessMetric())
            { Cv = new KFold(2), Refit = false, HigherIsBetter = false }.Fit(x, y);
        Assert.Equal("custom", result.Scoring);
        Assert.False(result.HigherIsBetter);
    }

    [Fact]
    public void A_network_that_does_not_fit_the_data_is_refused_before_any_training()
    {
        (Matrix x, float[] y) = Pima();
        var f = new Factories();
        var grid = new ParameterGrid { Network = { ["pima"] = f.Pima, ["xor"] = () => { f.Made++; return new XorNet(seed: 1); } }, Epochs = [1] };
        var ex = Assert.Throws<ArgumentException>(() => new GridSearch(grid, Loss.BinaryCrossEntropy, Metric.Accuracy).Fit(x, y));
        Assert.Contains("Network 'xor' cannot train on this data: XorNet takes 2 features per sample, but the matrix has 8 columns.", ex.Message);
        Assert.Equal(2, f.Made); // the two probes, nothing trained
    }

    private static void AssertMinRanks(float[] means, bool higherIsBetter, int[] ranks)
    {
        // Rank = 1 + how many candidates are strictly better: ties share the smaller rank.
        float[] sorted = higherIsBetter ? [.. means.OrderDescending()] : [.. means.Order()];
        for (int i = 0; i < means.Length; i++)
            Assert.Equal(Array.IndexOf(sorted, means[i]) + 1, ranks[i]);
    }

    private sealed class DirectionlessMetric : Metric
    {
        public override string Name => "custom";
        public override double BatchSum(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, int outputSize, int classes) => 0;
    }
}
