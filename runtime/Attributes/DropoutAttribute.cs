namespace Unroll;

/// <summary>
/// In training, zeroes each value with probability <see cref="Rate"/> and scales the kept ones by
/// 1 / (1 − rate) (inverted dropout, masks from the model's seeded generator); the identity in
/// Predict and Evaluate.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute(float rate) : Attribute
{
    /// <summary>The fraction dropped, in [0, 1).</summary>
    public float Rate { get; } = rate;
}
