using System.Collections;

namespace Unroll;

/// <summary>
/// The epoch numbers a <see cref="History"/> recorded (from 0, as Keras's <c>history.epoch</c>).
/// Converts implicitly to <c>int</c>, the number of epochs, so code written when
/// <see cref="History.Epochs"/> was a count keeps compiling and meaning the same.
/// </summary>
public readonly struct EpochList : IReadOnlyList<int>
{
    private readonly List<int>? _epochs;

    internal EpochList(List<int> epochs) => _epochs = epochs;

    /// <summary>The number of epochs recorded.</summary>
    public int Count => _epochs?.Count ?? 0;

    /// <summary>The number of the <paramref name="index"/>-th recorded epoch.</summary>
    public int this[int index] => (_epochs ?? throw new ArgumentOutOfRangeException(nameof(index), index, "No epoch was recorded."))[index];

    /// <summary>The number of epochs recorded.</summary>
    public static implicit operator int(EpochList epochs) => epochs.Count;

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => (_epochs ?? []).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The count, as <see cref="History.Epochs"/> printed before it listed the epochs.</summary>
    public override string ToString() => Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
