namespace Unroll;

/// <summary>
/// Turns token ids into dense vectors (Keras <c>Embedding</c>): the first layer of a network whose
/// input is a sequence of ids in [0, <see cref="InputDim"/>), given as floats holding whole numbers.
/// Embeddings (InputDim, OutputDim) start uniform in ±0.05 as in Keras.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class EmbeddingAttribute(int inputDim, int outputDim) : Attribute
{
    /// <summary>Vocabulary size: ids run from 0 to InputDim − 1.</summary>
    public int InputDim { get; } = inputDim;

    /// <summary>Length of each embedding vector.</summary>
    public int OutputDim { get; } = outputDim;

    /// <summary>Initialiser of the embedding matrix; Keras's uniform ±0.05 by default.</summary>
    public Initializer EmbeddingsInitializer { get; set; } = Initializer.RandomUniform;
}
