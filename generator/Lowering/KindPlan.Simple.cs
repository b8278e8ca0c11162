using Unroll.Generator.Spec;

namespace Unroll.Generator.Lowering;

/// <summary>An Activation layer: the shared kernel over rows of <see cref="Units"/> values.</summary>
internal sealed record ActivationPlan(ActivationKind Function, int Units) : KindPlan
{
    public override TResult Accept<TResult>(IKindPlanVisitor<TResult> visitor) => visitor.Activation(this);
}

/// <summary>Flatten: samples are stored row-major, so it is a copy.</summary>
internal sealed record FlattenPlan : KindPlan
{
    public override TResult Accept<TResult>(IKindPlanVisitor<TResult> visitor) => visitor.Flatten(this);
}

/// <summary>Dropout: x ⊙ mask in training (masks drawn once per batch), a copy otherwise.</summary>
internal sealed record DropoutPlan(float Rate, string Mask) : KindPlan
{
    public override TResult Accept<TResult>(IKindPlanVisitor<TResult> visitor) => visitor.Dropout(this);
}
