using System.Globalization;

namespace Unroll;

/// <summary>
/// What <see cref="GridSearch.Fit(Matrix, Matrix)"/> found: every candidate's scores in grid order
/// (scikit-learn's <c>cv_results_</c>, one row per candidate) and the best of them.
/// </summary>
public sealed class GridSearchResult
{
    private readonly GridSearchCandidate[] _results;

    internal GridSearchResult(string scoring, bool higherIsBetter, IReadOnlyList<GridParameters> candidates, IReadOnlyList<CrossValidationScores> scores)
    {
        Scoring = scoring;
        HigherIsBetter = higherIsBetter;
        int[] ranks = Ranks(scores.Select(s => s.Mean).ToArray(), higherIsBetter);
        _results = new GridSearchCandidate[candidates.Count];
        for (int i = 0; i < _results.Length; i++)
            _results[i] = new GridSearchCandidate(candidates[i], scores[i], ranks[i]);
        // scikit-learn's best_index_: the first candidate of rank 1.
        BestIndex = Array.IndexOf(ranks, 1);
    }

    /// <summary>What was scored: <c>loss</c> or a metric's name.</summary>
    public string Scoring { get; }

    /// <summary>Whether a higher score ranked better.</summary>
    public bool HigherIsBetter { get; }

    /// <summary>One entry per candidate, in the grid's order (scikit-learn <c>cv_results_</c>).</summary>
    public IReadOnlyList<GridSearchCandidate> Results => _results;

    /// <summary>The index in <see cref="Results"/> of the best candidate: the first of rank 1 (<c>best_index_</c>).</summary>
    public int BestIndex { get; }

    /// <summary>The best candidate's parameters (<c>best_params_</c>).</summary>
    public GridParameters BestParams => _results[BestIndex].Params;

    /// <summary>The best candidate's mean test score (<c>best_score_</c>).</summary>
    public float BestScore => _results[BestIndex].MeanTestScore;

    /// <summary>
    /// The best candidate trained on all the data (<c>best_estimator_</c>) when
    /// <see cref="GridSearch.Refit"/> was on; null otherwise.
    /// </summary>
    public Model? BestModel { get; internal set; }

    /// <summary>The tutorial's summary line: <c>Best: 0.751302 using {'batch_size': 10, …}</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Best: {BestScore:0.000000} using {BestParams}");

    // scikit-learn's rank_test_score: rankdata(method='min') of the means, best first, so tied
    // candidates share the smaller rank; a NaN mean (a diverged candidate) ranks after every number.
    internal static int[] Ranks(float[] means, bool higherIsBetter)
    {
        var ranks = new int[means.Length];
        for (int i = 0; i < means.Length; i++)
        {
            if (float.IsNaN(means[i]))
            {
                ranks[i] = means.Count(m => !float.IsNaN(m)) + 1;
                continue;
            }
            int better = 0;
            foreach (float other in means)
                if (!float.IsNaN(other) && (higherIsBetter ? other > means[i] : other < means[i])) better++;
            ranks[i] = better + 1;
        }
        return ranks;
    }
}
