using System.Globalization;
using System.Text;

namespace Unroll;

/// <summary>
/// One layer of a network as Keras's <c>model.summary()</c> lists it: the name (<c>layer.name</c>),
/// the Keras class (<c>type(layer).__name__</c>), the shapes of one sample going in and out (without
/// the batch axis, as <see cref="Model.OutputShape"/>) and the parameter count
/// (<c>layer.count_params()</c>). <see cref="Model.Layers"/> lists them in order.
/// </summary>
public sealed class LayerInfo
{
    /// <summary>A layer as the generated code describes it; the shapes are copied, without the batch axis.</summary>
    public LayerInfo(string name, string type, ReadOnlySpan<int> inputShape, ReadOnlySpan<int> outputShape, int parameterCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        Name = name;
        Type = type;
        InputShape = Array.AsReadOnly(inputShape.ToArray());
        OutputShape = Array.AsReadOnly(outputShape.ToArray());
        ParameterCount = parameterCount;
    }

    /// <summary>The layer's name, e.g. <c>dense_1</c>.</summary>
    public string Name { get; }

    /// <summary>The Keras class name, e.g. <c>Dense</c>, <c>Conv2D</c>, <c>LSTM</c>.</summary>
    public string Type { get; }

    /// <summary>The shape of one sample the layer reads, without the batch axis: <c>[8]</c> for a Dense on 8 inputs.</summary>
    public IReadOnlyList<int> InputShape { get; }

    /// <summary>The shape of one sample the layer writes, without the batch axis: <c>[12]</c> for a Dense(12).</summary>
    public IReadOnlyList<int> OutputShape { get; }

    /// <summary>The layer's parameters (the summary's <c>Param #</c>).</summary>
    public int ParameterCount { get; }

    /// <summary>A shape as Keras prints it, with the batch axis: <c>(None, 12)</c>.</summary>
    public static string FormatShape(IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var text = new StringBuilder("(None");
        foreach (int dimension in shape) text.Append(", ").Append(dimension.ToString(CultureInfo.InvariantCulture));
        return text.Append(')').ToString();
    }

    /// <summary><c>dense_1 (Dense) (None, 8) -> (None, 1), 13 params</c>.</summary>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Name} ({Type}) {FormatShape(InputShape)} -> {FormatShape(OutputShape)}, {ParameterCount} params");
}
