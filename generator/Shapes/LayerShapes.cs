using System.Collections.Generic;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Shapes;

/// <summary>
/// Gives one layer its output shape and parameters from the shape that reaches it, or a diagnostic
/// (and null) where it cannot fit; one method per kind, in the file of that kind.
/// </summary>
/// <param name="input">The shape of one sample reaching the layer.</param>
/// <param name="previous">The layer before, or null for the first layer.</param>
/// <param name="batchSize">The fixed batch size, or 0.</param>
internal sealed partial class LayerShapes(Shape input, ShapedLayer? previous, int batchSize, List<DiagnosticInfo> diagnostics) : ILayerVisitor<ShapedLayer?>;
