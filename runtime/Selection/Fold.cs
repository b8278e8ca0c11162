namespace Unroll;

/// <summary>
/// One split of a cross-validation: the row indices to train on and the row indices to score on
/// (scikit-learn's <c>(train_index, test_index)</c> pair).
/// </summary>
/// <param name="Train">Rows to train on, in increasing order.</param>
/// <param name="Test">Rows held out for scoring.</param>
public sealed record Fold(int[] Train, int[] Test);
