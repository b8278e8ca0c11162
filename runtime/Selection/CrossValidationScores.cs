using System.Globalization;

namespace Unroll;

/// <summary>The result of <see cref="CrossValidation"/>: one score per fold, in fold order, and their mean.</summary>
public sealed class CrossValidationScores
{
    private readonly float[] _scores;

    internal CrossValidationScores(string metric, float[] scores)
    {
        Metric = metric;
        _scores = scores;
        Mean = (float)scores.Average(s => (double)s);
        double mean = scores.Average(s => (double)s);
        StandardDeviation = (float)Math.Sqrt(scores.Average(s => (s - mean) * (s - mean)));
    }

    /// <summary>The name scored: <c>loss</c> or a compiled metric such as <c>accuracy</c>.</summary>
    public string Metric { get; }

    /// <summary>The score of each fold's test rows, by fold (scikit-learn's <c>cross_val_score</c> array).</summary>
    public IReadOnlyList<float> Scores => _scores;

    /// <summary>The mean of <see cref="Scores"/>.</summary>
    public float Mean { get; }

    /// <summary>The population standard deviation of <see cref="Scores"/> (NumPy's <c>std()</c>, as the tutorials print it).</summary>
    public float StandardDeviation { get; }

    /// <summary>For example <c>accuracy: 0.7500 (+/- 0.0210) over 5 folds</c>.</summary>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Metric}: {Mean:0.0000} (+/- {StandardDeviation:0.0000}) over {_scores.Length} folds");
}
