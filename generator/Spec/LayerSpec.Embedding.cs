using Unroll.Generator.Diagnostics;

namespace Unroll.Generator.Spec;

/// <summary><c>[Embedding(inputDim, outputDim)]</c>: token ids → vectors; only as the first layer.</summary>
internal sealed record EmbeddingSpec(string Name, LocationInfo? Location, int InputDim, int OutputDim, InitializerKind Initializer) : LayerSpec(Name, Location)
{
    public override LayerKind Kind => LayerKinds.Embedding;

    public override TResult Accept<TResult>(ILayerVisitor<TResult> visitor) => visitor.Embedding(this);
}
