using Unroll.Generator.Common;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Shapes;

/// <summary>
/// A weight tensor of a layer, named as Keras names its weights (<c>dense/kernel</c>). Non-trainable
/// tensors (a BatchNormalization's moving statistics) are weights that no optimizer updates.
/// </summary>
internal sealed record ParameterTensor(string Name, Shape Shape, InitializerKind Initializer, int FanIn, int FanOut, bool Trainable = true)
{
    public int Size => Shape.Size;

    /// <summary>The shape as a tuple without the batch axis: <c>(8, 12)</c>.</summary>
    public string ShapeText => "(" + string.Join(", ", Shape.Dimensions) + ")";
}

/// <summary>One layer with its name, its input and output shapes and its parameters.</summary>
internal sealed record ShapedLayer(string Name, LayerSpec Spec, Shape Input, Shape Output, EquatableArray<ParameterTensor> Parameters)
{
    /// <summary>All weights, trainable or not (Keras <c>count_params()</c>, the summary's "Param #").</summary>
    public int ParameterCount => Count(trainable: null);

    public int TrainableParameterCount => Count(trainable: true);

    public int NonTrainableParameterCount => Count(trainable: false);

    private int Count(bool? trainable)
    {
        int total = 0;
        foreach (ParameterTensor p in Parameters)
            if (trainable is not bool t || p.Trainable == t) total += p.Size;
        return total;
    }

    /// <summary>The activation this layer ends with (linear for layers without one).</summary>
    public ActivationKind Activation => Spec.Accept(EndActivation.Instance);
}

/// <summary>The network after shape inference: every layer's shapes and parameters known.</summary>
internal sealed record ShapedNetwork(NetworkSpec Spec, EquatableArray<ShapedLayer> Layers)
{
    public Shape Output => Layers[Layers.Count - 1].Output;

    /// <summary>All weights ("Total params").</summary>
    public int ParameterCount
    {
        get
        {
            int total = 0;
            foreach (ShapedLayer layer in Layers) total += layer.ParameterCount;
            return total;
        }
    }

    /// <summary>The weights optimizers update ("Trainable params").</summary>
    public int TrainableParameterCount
    {
        get
        {
            int total = 0;
            foreach (ShapedLayer layer in Layers) total += layer.TrainableParameterCount;
            return total;
        }
    }

    /// <summary>The weights no optimizer changes ("Non-trainable params").</summary>
    public int NonTrainableParameterCount => ParameterCount - TrainableParameterCount;
}
