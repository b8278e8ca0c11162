namespace Unroll.Plotting;

/// <summary>
/// One box of the architecture picture: its title (<c>dense (Dense)</c>, or <c>Dense</c> without layer
/// names) and, with shapes, the Keras-printed input and output shape.
/// </summary>
public sealed record DiagramNode(string Id, string Title, string? InputShape, string? OutputShape);
