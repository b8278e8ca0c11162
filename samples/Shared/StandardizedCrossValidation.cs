// scikit-learn's Pipeline([('standardize', StandardScaler()), ('mlp', model)]) under cross_val_score:
// the scaler is fitted on each fold's training rows only, so the test rows never leak into the
// means and deviations. Shared by the recipe samples, not part of the Unroll library.
using Unroll;

internal static class StandardizedCrossValidation
{
    /// <summary>
    /// For each fold of <paramref name="folds"/>: a fresh network from <paramref name="factory"/>,
    /// compiled by <paramref name="compile"/>, trained on the fold's standardised training rows and
    /// scored (<paramref name="metric"/>: <c>loss</c> or a compiled metric) on its test rows,
    /// standardised with the training rows' statistics. Returns the score of each fold.
    /// </summary>
    public static float[] Score<TModel>(Func<TModel> factory, Action<TModel> compile, Matrix x, float[] y,
        CrossValidator folds, int epochs, int batchSize, string metric) where TModel : Model
    {
        Matrix labels = new(x.Rows, y.Length / x.Rows, y);
        IReadOnlyList<Fold> splits = folds.Split(x, labels);
        var scores = new float[splits.Count];
        for (int f = 0; f < splits.Count; f++)
        {
            Fold fold = splits[f];
            var scaler = new StandardScaler().Fit(x.SelectRows(fold.Train));
            TModel model = factory();
            compile(model);
            model.Fit(scaler.Transform(x.SelectRows(fold.Train)), labels.SelectRows(fold.Train), epochs, batchSize, verbose: 0);
            scores[f] = model.Evaluate(scaler.Transform(x.SelectRows(fold.Test)), labels.SelectRows(fold.Test), batchSize)[metric];
        }
        return scores;
    }
}
