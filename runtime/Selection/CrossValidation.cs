namespace Unroll;

/// <summary>
/// scikit-learn's <c>cross_val_score</c> for networks: a fresh network per fold, trained on the
/// fold's training rows and scored on its test rows.
/// </summary>
public static class CrossValidation
{
    /// <summary>
    /// For each fold of <paramref name="folds"/>: creates a network with <paramref name="factory"/>,
    /// compiles it with <paramref name="compile"/>, fits it on the training rows
    /// (<paramref name="epochs"/>, <paramref name="batchSize"/>, silent) and evaluates
    /// <paramref name="metric"/> (<c>loss</c> or a compiled metric's name) on the test rows.
    /// The factory must return a new network each time; give it a seed (and the same
    /// <see cref="Model.Threads"/>) and the folds a seed, and the scores are the same run after run.
    /// </summary>
    public static CrossValidationScores Score<TModel>(Func<TModel> factory, Action<TModel> compile, Matrix x, Matrix y,
        CrossValidator folds, int epochs, int batchSize = 32, string metric = "accuracy", int verbose = 0) where TModel : Model
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(compile);
        ArgumentNullException.ThrowIfNull(folds);
        ArgumentException.ThrowIfNullOrEmpty(metric);
        IReadOnlyList<Fold> splits = folds.Split(x, y);
        var scores = new float[splits.Count];
        var seen = new HashSet<Model>(ReferenceEqualityComparer.Instance);
        for (int f = 0; f < splits.Count; f++)
        {
            TModel model = factory() ?? throw new InvalidOperationException($"The factory returned null for fold {f}; it must return a new network.");
            if (!seen.Add(model))
                throw new InvalidOperationException($"The factory returned the same network for fold {f} as for an earlier fold; each fold needs a fresh, untrained one.");
            compile(model);
            if (!model.IsCompiled)
                throw new InvalidOperationException($"{model.Name} is not compiled after the compile action; it must call Compile(optimizer, loss, metrics).");
            string[] names = ["loss", .. model.Metrics.Select(m => m.Name)];
            if (!names.Contains(metric))
                throw new ArgumentException($"Cannot score '{metric}': the compiled network reports {string.Join(", ", names)}.", nameof(metric));

            Fold fold = splits[f];
            if (verbose > 0) model.LogWriter.WriteLine($"Fold {f + 1}/{splits.Count}: training on {fold.Train.Length} samples, testing on {fold.Test.Length}");
            model.Fit(x.SelectRows(fold.Train), y.SelectRows(fold.Train), epochs, batchSize, verbose);
            scores[f] = model.Evaluate(x.SelectRows(fold.Test), y.SelectRows(fold.Test), batchSize)[metric];
        }
        return new CrossValidationScores(metric, scores);
    }

    /// <summary>
    /// As <see cref="Score{TModel}(Func{TModel}, Action{TModel}, Matrix, Matrix, CrossValidator, int, int, string, int)"/>
    /// with the labels flat: <paramref name="y"/> holds the same number of values for each row of <paramref name="x"/>
    /// (one class id or target per sample as the data helpers return them).
    /// </summary>
    public static CrossValidationScores Score<TModel>(Func<TModel> factory, Action<TModel> compile, Matrix x, float[] y,
        CrossValidator folds, int epochs, int batchSize = 32, string metric = "accuracy", int verbose = 0) where TModel : Model
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rows == 0 || y.Length % x.Rows != 0)
            throw new ArgumentException($"y needs the same number of values for each of the {x.Rows} rows of x, but has {y.Length}.", nameof(y));
        return Score(factory, compile, x, new Matrix(x.Rows, y.Length / x.Rows, y), folds, epochs, batchSize, metric, verbose);
    }
}
