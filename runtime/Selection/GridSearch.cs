using System.Globalization;

namespace Unroll;

/// <summary>
/// scikit-learn's <c>GridSearchCV</c> for networks: every candidate of a <see cref="ParameterGrid"/>
/// is scored by cross-validation (<see cref="CrossValidation.Score{TModel}(Func{TModel}, Action{TModel}, Matrix, Matrix, CrossValidator, int, int, string, int)"/>,
/// a fresh network per fold), all on the same folds, and the best by mean score wins.
/// <code>
/// var search = new GridSearch(grid, Loss.BinaryCrossEntropy, Metric.Accuracy) { Cv = new StratifiedKFold(3, shuffle: true, seed: 7) };
/// GridSearchResult result = search.Fit(x, y);
/// Console.WriteLine($"Best: {result.BestScore} using {result.BestParams}");
/// </code>
/// Candidates are trained one after another; with seeded network factories, a seeded splitter and
/// the same <see cref="Model.Threads"/>, every score is the same run after run.
/// </summary>
public sealed class GridSearch
{
    private readonly Metric[] _metrics;

    /// <summary>
    /// A search over <paramref name="paramGrid"/>; each candidate network is compiled with the
    /// candidate's optimizer, <paramref name="loss"/> and <paramref name="metrics"/> (what a
    /// Keras wrapper's <c>loss=</c> and <c>metrics=</c> give).
    /// </summary>
    public GridSearch(ParameterGrid paramGrid, Loss loss, params Metric[] metrics)
    {
        ArgumentNullException.ThrowIfNull(paramGrid);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(metrics);
        if (metrics.Any(m => m is null)) throw new ArgumentNullException(nameof(metrics), "A metric is null.");
        ParamGrid = paramGrid;
        Loss = loss;
        _metrics = metrics;
    }

    /// <summary>The candidates searched.</summary>
    public ParameterGrid ParamGrid { get; }

    /// <summary>The loss every candidate is compiled with.</summary>
    public Loss Loss { get; }

    /// <summary>The metrics every candidate is compiled with.</summary>
    public IReadOnlyList<Metric> Metrics => _metrics;

    /// <summary>The splitter (scikit-learn <c>cv</c>); 5 unshuffled folds unless set. Split once, used for every candidate.</summary>
    public CrossValidator Cv { get; init; } = new KFold(5);

    /// <summary>
    /// What is scored on each test fold (scikit-learn <c>scoring</c>): <c>loss</c> or the name of
    /// one of <see cref="Metrics"/>. Null (the default) scores the first metric, or the loss when there is none.
    /// </summary>
    public string? Scoring { get; init; }

    /// <summary>
    /// Whether a higher score is better. Null (the default) reads it from the scoring: the loss
    /// falls, a metric goes the way its <see cref="Metric.HigherIsBetter"/> says.
    /// </summary>
    public bool? HigherIsBetter { get; init; }

    /// <summary>
    /// Whether to train the best candidate once more on all the data afterwards
    /// (scikit-learn <c>refit</c>, on by default): <see cref="GridSearchResult.BestModel"/>.
    /// </summary>
    public bool Refit { get; init; } = true;

    /// <summary>0 silent; 1 a line per candidate with its mean and spread.</summary>
    public int Verbose { get; init; }

    /// <summary>Where <see cref="Verbose"/> output goes; standard output unless set.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>
    /// Scores every candidate and returns the results. Everything is checked before the first
    /// network trains: the grid, the scoring, and the data against each network (each factory is
    /// called once for a network that is only checked, then dropped).
    /// </summary>
    public GridSearchResult Fit(Matrix x, Matrix y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (Cv is null) throw new InvalidOperationException("Cv is null; give a splitter such as new KFold(5).");
        if (Verbose is < 0 or > 1) throw new InvalidOperationException($"Verbose is 0 (silent) or 1 (a line per candidate), not {Verbose}.");

        IReadOnlyList<GridParameters> candidates = ParamGrid.Candidates();
        string scoring = Scoring ?? (_metrics.Length > 0 ? _metrics[0].Name : "loss");
        bool higherIsBetter = Direction(scoring);
        foreach (var (name, _) in ParamGrid.Network) CheckData(candidates.First(c => c.Network == name), x, y);
        var folds = new FixedFolds(Cv.Split(x, y), x.Rows);

        TextWriter log = Log ?? Console.Out;
        var results = new CrossValidationScores[candidates.Count];
        for (int i = 0; i < candidates.Count; i++)
        {
            GridParameters candidate = candidates[i];
            results[i] = CrossValidation.Score(candidate.CreateNetwork, net => net.Compile(candidate.CreateOptimizer(), Loss, _metrics),
                x, y, folds, candidate.Epochs, candidate.BatchSize, scoring);
            if (Verbose == 1)
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{i + 1}/{candidates.Count}] {candidate}: {scoring} {results[i].Mean:0.0000} (+/- {results[i].StandardDeviation:0.0000})"));
        }

        var result = new GridSearchResult(scoring, higherIsBetter, candidates, results);
        if (Refit)
        {
            GridParameters best = result.BestParams;
            Model model = best.CreateNetwork();
            model.Compile(best.CreateOptimizer(), Loss, _metrics);
            model.Fit(x, y, best.Epochs, best.BatchSize, verbose: 0);
            result.BestModel = model;
        }
        return result;
    }

    /// <summary>
    /// As <see cref="Fit(Matrix, Matrix)"/> with the labels flat, one class id or target per row
    /// (or the same number of values for each row), as the data helpers return them.
    /// </summary>
    public GridSearchResult Fit(Matrix x, float[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rows == 0 || y.Length % x.Rows != 0)
            throw new ArgumentException($"y needs the same number of values for each of the {x.Rows} rows of x, but has {y.Length}.", nameof(y));
        return Fit(x, new Matrix(x.Rows, y.Length / x.Rows, y));
    }

    private bool Direction(string scoring)
    {
        string[] names = ["loss", .. _metrics.Select(m => m.Name)];
        if (!names.Contains(scoring))
        {
            string hint = scoring == "acc" && names.Contains("accuracy") ? " Keras 3 names accuracy 'accuracy'." : "";
            throw new ArgumentException(
                $"Cannot score '{scoring}': the candidates report {string.Join(", ", names)}; set Scoring to one of them.{hint}", nameof(Scoring));
        }
        if (HigherIsBetter is bool given) return given;
        if (scoring == "loss") return false;
        return _metrics.First(m => m.Name == scoring).HigherIsBetter
            ?? throw new ArgumentException(
                $"Cannot tell whether a higher '{scoring}' is better; set HigherIsBetter to true or false.", nameof(HigherIsBetter));
    }

    // The checks Fit makes, made on every architecture before the first one trains.
    private void CheckData(GridParameters candidate, Matrix x, Matrix y)
    {
        Model probe = candidate.CreateNetwork();
        probe.Compile(candidate.CreateOptimizer(), Loss, _metrics);
        try
        {
            probe.CheckColumns(x, nameof(x));
            int samples = DataChecks.SampleCount(probe, x.Data, nameof(x));
            DataChecks.MatchLabels(probe, Loss, samples, y.Data, nameof(y));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Network '{candidate.Network}' cannot train on this data: {e.Message}", e.ParamName, e);
        }
    }
}
