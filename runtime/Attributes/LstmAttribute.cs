namespace Unroll;

/// <summary>
/// A long short-term memory layer over (steps, features) (Keras <c>LSTM</c>): kernel (features,
/// 4·units), recurrent kernel (units, 4·units) and one bias (4·units) unless <see cref="UseBias"/> is false, gates in Keras's order
/// i, f, c, o, so Keras weights load without reshuffling.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LstmAttribute(int units) : Attribute
{
    /// <summary>Size of the hidden and cell state.</summary>
    public int Units { get; } = units;

    /// <summary>Whether the output is every step's state (steps, units) for a next LSTM, or only the last (units); false by default.</summary>
    public bool ReturnSequences { get; set; }

    /// <summary>
    /// Whether the last state of each sequence in a batch is the first state of the same row in the
    /// next batch, until <see cref="Model.ResetStates"/> (Keras <c>stateful</c>). Needs a fixed
    /// batch size, <c>[Input(…, BatchSize = n)]</c>; Fit refuses to shuffle such a network.
    /// </summary>
    public bool Stateful { get; set; }

    /// <summary>The candidate's and the output's activation (Keras <c>activation</c>); tanh by default. Softmax is refused.</summary>
    public Activation Activation { get; set; } = Activation.Tanh;

    /// <summary>The gates' activation (Keras <c>recurrent_activation</c>); sigmoid by default. Softmax is refused.</summary>
    public Activation RecurrentActivation { get; set; } = Activation.Sigmoid;

    /// <summary>Whether the layer has its bias (4·units); true by default.</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>Kernel initialiser; glorot_uniform by default.</summary>
    public Initializer KernelInitializer { get; set; } = Initializer.GlorotUniform;

    /// <summary>Recurrent kernel initialiser; orthogonal by default.</summary>
    public Initializer RecurrentInitializer { get; set; } = Initializer.Orthogonal;

    /// <summary>Whether the forget gate's bias starts at 1 (Keras <c>unit_forget_bias</c>, default true).</summary>
    public bool UnitForgetBias { get; set; } = true;
}
