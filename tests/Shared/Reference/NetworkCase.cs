using System.Globalization;

namespace Unroll.Testing.Reference;

/// <summary>One layer of a random declaration, with the attribute that declares it.</summary>
internal abstract record LayerCase
{
    public abstract string Attribute { get; }

    protected static string Act(Activation a) => "Activation." + a;
    protected static string Pad(Padding p) => "Padding." + p;
    protected static string Regularizer(float l2) => l2 == 0 ? "" : $", L2 = {l2.ToString(CultureInfo.InvariantCulture)}f";
}

internal sealed record DenseCase(int Units, Activation Activation, bool UseBias, float L2 = 0) : LayerCase
{
    public override string Attribute => $"Dense({Units}, Activation = {Act(Activation)}{(UseBias ? "" : ", UseBias = false")}{Regularizer(L2)})";
}

internal sealed record ActivationCase(Activation Function) : LayerCase
{
    public override string Attribute => $"Activation({Act(Function)})";
}

internal sealed record FlattenCase : LayerCase
{
    public override string Attribute => "Flatten";
}

internal sealed record DropoutCase(float Rate) : LayerCase
{
    public override string Attribute => $"Dropout({Rate.ToString(CultureInfo.InvariantCulture)}f)";
}

internal sealed record EmbeddingCase(int InputDim, int OutputDim) : LayerCase
{
    public override string Attribute => $"Embedding({InputDim}, {OutputDim})";
}

internal sealed record LstmCase(int Units, bool ReturnSequences, Activation Activation, Activation RecurrentActivation, bool UseBias) : LayerCase
{
    public override string Attribute => $"Lstm({Units}, ReturnSequences = {(ReturnSequences ? "true" : "false")}, Activation = {Act(Activation)}, RecurrentActivation = {Act(RecurrentActivation)}{(UseBias ? "" : ", UseBias = false")})";
}

/// <summary>Conv1D (Rank 1: height 1, no data format) or Conv2D.</summary>
internal sealed record ConvCase(int Rank, int Filters, int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth, Padding Padding, bool ChannelsFirst, Activation Activation, bool UseBias, float L2 = 0) : LayerCase
{
    public override string Attribute => Rank == 1
        ? $"Conv1D({Filters}, {KernelWidth}, Strides = {StrideWidth}, Padding = {Pad(Padding)}, Activation = {Act(Activation)}{(UseBias ? "" : ", UseBias = false")}{Regularizer(L2)})"
        : $"Conv2D({Filters}, {KernelHeight}, {KernelWidth}, Strides = new[] {{ {StrideHeight}, {StrideWidth} }}, Padding = {Pad(Padding)}, DataFormat = DataFormat.{(ChannelsFirst ? "ChannelsFirst" : "ChannelsLast")}, Activation = {Act(Activation)}{(UseBias ? "" : ", UseBias = false")}{Regularizer(L2)})";
}

/// <summary>Max/average pooling, 1D (height 1) or 2D, windowed or global.</summary>
internal sealed record PoolCase(int Rank, bool Max, bool Global, int PoolHeight, int PoolWidth, int StrideHeight, int StrideWidth, Padding Padding, bool ChannelsFirst) : LayerCase
{
    public override string Attribute
    {
        get
        {
            string format = $"DataFormat = DataFormat.{(ChannelsFirst ? "ChannelsFirst" : "ChannelsLast")}";
            if (Global) return Rank == 1 ? "GlobalAveragePooling1D" : $"Global{(Max ? "Max" : "Average")}Pooling2D({format})";
            return Rank == 1
                ? $"MaxPooling1D({PoolWidth}, Strides = {StrideWidth}, Padding = {Pad(Padding)})"
                : $"{(Max ? "Max" : "Average")}Pooling2D({PoolHeight}, {PoolWidth}, Strides = new[] {{ {StrideHeight}, {StrideWidth} }}, Padding = {Pad(Padding)}, {format})";
        }
    }
}

internal enum LossKind { MeanSquaredError, MeanAbsoluteError, BinaryCrossEntropy, CategoricalCrossEntropy, SparseCategoricalCrossEntropy }

/// <summary>
/// A random valid network: input shape, layers (with the shapes the reference computes for them),
/// the loss it is trained with and the batch it is checked on. <see cref="Choices"/> is the
/// stream of random numbers it was built from (<see cref="NetworkBuilder"/>): shrinking works on it.
/// </summary>
internal sealed record NetworkCase(int[] Input, LayerCase[] Layers, int[][] Shapes, LossKind Loss, int Batch, uint[] Choices)
{
    public int[] OutputShape => Shapes[^1];

    public Loss RuntimeLoss => Loss switch
    {
        LossKind.MeanSquaredError => Unroll.Loss.MeanSquaredError,
        LossKind.MeanAbsoluteError => Unroll.Loss.MeanAbsoluteError,
        LossKind.BinaryCrossEntropy => Unroll.Loss.BinaryCrossEntropy,
        LossKind.CategoricalCrossEntropy => Unroll.Loss.CategoricalCrossEntropy,
        _ => Unroll.Loss.SparseCategoricalCrossEntropy,
    };

    /// <summary>The declaration as a user writes it.</summary>
    public string Declaration(string className)
        => $"[Sequential, Input({string.Join(", ", Input)}), {string.Join(", ", Layers.Select(l => l.Attribute))}]\npublic partial class {className};";

    /// <summary>How big the network is, for choosing the smallest of several failing ones.</summary>
    public int Complexity => Layers.Length * 1000 + Shapes.Sum(s => s.Aggregate(1, (a, d) => a * d)) + Batch;

    public override string ToString() => $"{Declaration("Net")}  // loss {Loss}, batch {Batch}";
}
