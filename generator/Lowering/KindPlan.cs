using Unroll.Generator.Spec;

namespace Unroll.Generator.Lowering;

/// <summary>
/// What one layer's kernels do, decided: one derived record per layer kind, holding every choice
/// the emitter prints (product shapes and blocking, algorithms, geometry, epilogues) as plain
/// equatable values. The emitter reads these, never the spec.
/// </summary>
internal abstract record KindPlan
{
    /// <summary>Calls the visitor's method for this record's kind.</summary>
    public abstract TResult Accept<TResult>(IKindPlanVisitor<TResult> visitor);
}

/// <summary>
/// One method per kernel-plan record: each emitting step implements this, so a new layer kind (a new
/// <see cref="KindPlan"/> record, made by <see cref="KernelPlanner"/>'s <see cref="ILayerVisitor{TResult}"/>)
/// does not compile until every emitting step prints it.
/// </summary>
internal interface IKindPlanVisitor<out TResult>
{
    TResult Dense(DensePlan layer);
    TResult Activation(ActivationPlan layer);
    TResult Flatten(FlattenPlan layer);
    TResult Dropout(DropoutPlan layer);
    TResult Conv(ConvPlan layer);
    TResult Pool(PoolPlan layer);
    TResult Embedding(EmbeddingPlan layer);
    TResult Lstm(LstmPlan layer);
}

/// <summary>How a layer's activation is applied after its product.</summary>
internal enum ActivationEpilogue
{
    /// <summary>Linear: the product is stored as is.</summary>
    None,

    /// <summary>Relu, applied in registers as the product's result is stored.</summary>
    FusedRelu,

    /// <summary>Sigmoid, tanh or softmax, applied to the whole block afterwards by the shared vectorised kernel.</summary>
    SharedKernel,
}

internal static class ActivationEpilogues
{
    public static ActivationEpilogue Of(ActivationKind activation)
        => activation == ActivationKind.Linear ? ActivationEpilogue.None
           : activation == ActivationKind.ReLU ? ActivationEpilogue.FusedRelu
           : ActivationEpilogue.SharedKernel;
}
