using System.Collections.Generic;
using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Shapes;

internal sealed partial class LayerShapes
{
    /// <summary>Embedding (steps) → (steps, outputDim); embeddings (inputDim, outputDim).</summary>
    public ShapedLayer? Embedding(EmbeddingSpec embedding)
    {
        string name = embedding.Name;
        if (previous is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmbeddingNotFirst, embedding.Location, name, input));
            return null;
        }
        if (input.Rank != 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongInputRank, embedding.Location, name, embedding.KerasType, "(None, steps) of token ids", input));
            return null;
        }
        var parameters = new[]
        {
            new ParameterTensor(name + "/embeddings", Shape.Of(embedding.InputDim, embedding.OutputDim), embedding.Initializer, embedding.InputDim, embedding.OutputDim),
        };
        return new ShapedLayer(name, embedding, input, Shape.Of(input.Last, embedding.OutputDim), parameters.ToEquatableArray());
    }
}
