using Unroll.Generator.Spec;

namespace Unroll.Generator.Lowering;

/// <summary>
/// LSTM: the input projection of every step as one generated product (<see cref="Projection"/>),
/// then the recurrence as a generated kernel with the layer's sizes as constants (<see cref="LstmStepTiling"/>
/// per vector width), caching gates and states for backpropagation through time; the backward pass
/// runs in the runtime's LstmKernels.
/// </summary>
/// <param name="ForgetBiasOffset">Where the forget gate's bias starts in the parameter buffer when it is initialised to 1 (unit forget bias).</param>
/// <param name="State">The state carried between batches (stateful layers only).</param>
internal sealed record LstmPlan(
    int Steps,
    int Features,
    int Units,
    bool ReturnSequences,
    ActivationKind Activation,
    ActivationKind RecurrentActivation,
    bool UseBias,
    int? ForgetBiasOffset,
    MatrixProduct Projection,
    string Gates,
    string Cells,
    string States,
    LstmState? State) : KindPlan
{
    /// <summary>Whether the activations are Keras's defaults, tanh and sigmoid (the kernel calls leave them out).</summary>
    public bool DefaultActivations => Activation == ActivationKind.Tanh && RecurrentActivation == ActivationKind.Sigmoid;

    /// <summary>
    /// Whether x·W + b runs inside the recurrence kernel instead of as a product of its own: with one
    /// step per sequence (the streaming case) there is nothing to batch over steps, and fusing saves
    /// the product's call and the round trip of the gates through memory.
    /// </summary>
    public bool FusesProjection => Steps == 1;

    public override TResult Accept<TResult>(IKindPlanVisitor<TResult> visitor) => visitor.Lstm(this);
}

/// <summary>A stateful LSTM's state: per row of the fixed batch, carried in fields, and the copy each batch started from (workspace).</summary>
internal sealed record LstmState(int BatchSize, string HiddenField, string CellField, string InitialHidden, string InitialCell);

/// <summary>Embedding: a row copy per id.</summary>
internal sealed record EmbeddingPlan(int InputDim, int OutputDim) : KindPlan
{
    public override TResult Accept<TResult>(IKindPlanVisitor<TResult> visitor) => visitor.Embedding(this);
}
