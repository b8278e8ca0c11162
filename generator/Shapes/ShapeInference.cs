using System.Collections.Generic;
using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Shapes;

/// <summary>Walks the layers from the input, giving each its shapes and parameters, or a diagnostic where they cannot fit.</summary>
internal static class ShapeInference
{
    public static StageResult<ShapedNetwork> Infer(StageResult<NetworkSpec> parsed)
    {
        if (parsed.Value is not { } spec) return new StageResult<ShapedNetwork>(null, parsed.Diagnostics);
        var diagnostics = new List<DiagnosticInfo>(parsed.Diagnostics);
        try
        {
            ShapedNetwork? network = Infer(spec, diagnostics);
            return new StageResult<ShapedNetwork>(diagnostics.Count == 0 ? network : null, diagnostics.ToEquatableArray());
        }
        catch (System.Exception e)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, null, spec.ClassName, e.Message));
            return new StageResult<ShapedNetwork>(null, diagnostics.ToEquatableArray());
        }
    }

    public static ShapedNetwork? Infer(NetworkSpec spec, List<DiagnosticInfo> diagnostics)
    {
        var layers = new List<ShapedLayer>();
        Shape current = spec.Input;
        foreach (LayerSpec layer in spec.Layers)
        {
            string name = layer.Name;
            ShapedLayer? shaped = layer switch
            {
                DenseSpec dense => LayerShapes.Dense(name, dense, current, diagnostics),
                ActivationSpec activation => LayerShapes.Activation(name, activation, current, diagnostics),
                FlattenSpec flatten => LayerShapes.Flatten(name, flatten, current),
                DropoutSpec dropout => LayerShapes.Dropout(name, dropout, current),
                ConvSpec conv => LayerShapes.Conv(name, conv, current, diagnostics),
                PoolSpec pool => LayerShapes.Pool(name, pool, current, diagnostics),
                LstmSpec lstm => LayerShapes.Lstm(name, lstm, current, spec.BatchSize, layers.Count > 0 ? layers[layers.Count - 1] : null, diagnostics),
                EmbeddingSpec embedding => LayerShapes.Embedding(name, embedding, current, layers.Count == 0, diagnostics),
                _ => null,
            };
            if (shaped is null) return null; // later shapes would only repeat the error
            layers.Add(shaped);
            current = shaped.Output;
        }
        return layers.Count == 0 ? null : new ShapedNetwork(spec, layers.ToEquatableArray());
    }
}
