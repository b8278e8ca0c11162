using System.Globalization;

namespace Unroll;

/// <summary>One candidate's row of <see cref="GridSearchResult.Results"/>.</summary>
public sealed class GridSearchCandidate
{
    internal GridSearchCandidate(GridParameters parameters, CrossValidationScores scores, int rank)
    {
        Params = parameters;
        TestScores = scores.Scores;
        MeanTestScore = scores.Mean;
        StdTestScore = scores.StandardDeviation;
        RankTestScore = rank;
    }

    /// <summary>The candidate (<c>params</c>).</summary>
    public GridParameters Params { get; }

    /// <summary>The score of each test fold, by fold (<c>split0_test_score</c>, <c>split1_test_score</c>, …).</summary>
    public IReadOnlyList<float> TestScores { get; }

    /// <summary>The mean of <see cref="TestScores"/> (<c>mean_test_score</c>).</summary>
    public float MeanTestScore { get; }

    /// <summary>Their population standard deviation (<c>std_test_score</c>).</summary>
    public float StdTestScore { get; }

    /// <summary>1 for the best mean; tied means share the smaller rank (<c>rank_test_score</c>).</summary>
    public int RankTestScore { get; }

    /// <summary>As the tutorials print a row: <c>0.746094 (0.030647) with: {'batch_size': 10, …}</c>.</summary>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{MeanTestScore:0.000000} ({StdTestScore:0.000000}) with: {Params}");
}
