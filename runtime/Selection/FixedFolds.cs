namespace Unroll;

/// <summary>
/// Folds computed once and handed out again: a grid search scores every candidate on the same
/// splits, as scikit-learn's <c>GridSearchCV</c> does, even when the splitter shuffles without a seed.
/// </summary>
internal sealed class FixedFolds : CrossValidator
{
    private readonly IReadOnlyList<Fold> _folds;
    private readonly int _samples;

    public FixedFolds(IReadOnlyList<Fold> folds, int samples) : base(folds.Count, shuffle: false, seed: null)
    {
        _folds = folds;
        _samples = samples;
    }

    public override IReadOnlyList<Fold> Split(Matrix x, Matrix y)
    {
        CheckRows(x, y);
        if (x.Rows != _samples)
            throw new ArgumentException($"These folds were made for {_samples} samples, but x has {x.Rows} rows.", nameof(x));
        return _folds;
    }
}
