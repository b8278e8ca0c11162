using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Parsing;

/// <summary>Reads one layer attribute into a <see cref="LayerSpec"/>, checking its argument values.</summary>
internal static class LayerAttributeReader
{
    /// <summary>Reads <c>[Input(...)]</c>; null when the arguments did not bind (the compiler reports that).</summary>
    public static Shape? ReadInput(AttributeData attribute)
    {
        if (attribute.ConstructorArguments.Length != 1) return null;
        TypedConstant argument = attribute.ConstructorArguments[0];
        if (argument.Kind != TypedConstantKind.Array || argument.IsNull) return Shape.Of();
        return Shape.Of(argument.Values.Select(v => v.Value is int i ? i : 0).ToArray());
    }

    /// <summary>
    /// Reads a layer attribute of <paramref name="kind"/>; <paramref name="name"/> is its Keras name for
    /// messages. Null when the arguments did not bind (the compiler reports that).
    /// </summary>
    public static LayerSpec? ReadLayer(AttributeData attribute, LayerKind kind, string name, LocationInfo? location, List<DiagnosticInfo> diagnostics)
        => Readers[kind](new LayerArguments(attribute, kind, name, location, diagnostics));

    // One reader per row of the table of kinds; a row without one fails the map's construction.
    private static readonly LayerKindMap<Func<LayerArguments, LayerSpec?>> Readers = new("attribute reader", new()
    {
        [LayerKinds.Dense] = ReadDense,
        [LayerKinds.Activation] = ReadActivation,
        [LayerKinds.Flatten] = layer => new FlattenSpec(layer.Name, layer.Location),
        [LayerKinds.Dropout] = ReadDropout,
        [LayerKinds.Conv2D] = layer => ReadConv(layer, rank: 2),
        [LayerKinds.Conv1D] = layer => ReadConv(layer, rank: 1),
        [LayerKinds.MaxPooling2D] = layer => ReadPool(layer, 2, PoolKind.Max),
        [LayerKinds.AveragePooling2D] = layer => ReadPool(layer, 2, PoolKind.Average),
        [LayerKinds.MaxPooling1D] = layer => ReadPool(layer, 1, PoolKind.Max),
        [LayerKinds.GlobalAveragePooling2D] = layer => ReadGlobalPool(layer, 2, PoolKind.Average),
        [LayerKinds.GlobalMaxPooling2D] = layer => ReadGlobalPool(layer, 2, PoolKind.Max),
        [LayerKinds.GlobalAveragePooling1D] = layer => ReadGlobalPool(layer, 1, PoolKind.Average),
        [LayerKinds.Embedding] = ReadEmbedding,
        [LayerKinds.Lstm] = ReadLstm,
    });

    private static DenseSpec? ReadDense(LayerArguments layer)
    {
        if (layer.Constructor.Length != 1 || layer.Constructor[0].Value is not int units) return null;
        layer.CheckPositive(units, "units");
        var options = new KernelOptions();
        foreach (KeyValuePair<string, TypedConstant> argument in layer.Named)
            options.Read(argument.Key, LayerArguments.Scalar(argument.Value), layer);
        return new DenseSpec(layer.Name, layer.Location, units, options.Activation, options.UseBias, options.KernelInitializer, options.BiasInitializer, options.L2);
    }

    private static ActivationSpec? ReadActivation(LayerArguments layer)
    {
        if (layer.Constructor.Length != 1) return null;
        var function = layer.NonRecurrentActivation(layer.Constructor[0].Value, "the function");
        return new ActivationSpec(layer.Name, layer.Location, function);
    }

    private static LstmSpec? ReadLstm(LayerArguments layer)
    {
        if (layer.Constructor.Length != 1 || layer.Constructor[0].Value is not int units) return null;
        layer.CheckPositive(units, "units");
        bool returnSequences = false, unitForgetBias = true, stateful = false, useBias = true;
        ActivationKind activation = ActivationKind.Tanh, recurrentActivation = ActivationKind.Sigmoid;
        var kernel = InitializerKind.GlorotUniform;
        var recurrent = InitializerKind.Orthogonal;
        foreach (KeyValuePair<string, TypedConstant> argument in layer.Named)
        {
            object? value = LayerArguments.Scalar(argument.Value);
            switch (argument.Key)
            {
                case "ReturnSequences": returnSequences = value is true; break;
                case "UnitForgetBias": unitForgetBias = value is not false; break;
                case "Stateful": stateful = value is true; break;
                case "UseBias": useBias = value is not false; break;
                case "Activation": activation = layer.Enum<ActivationKind>(value, argument.Key, "Activation"); break;
                case "RecurrentActivation": recurrentActivation = layer.Enum<ActivationKind>(value, argument.Key, "Activation"); break;
                case "KernelInitializer": kernel = layer.Enum<InitializerKind>(value, argument.Key, "Initializer"); break;
                case "RecurrentInitializer": recurrent = layer.Enum<InitializerKind>(value, argument.Key, "Initializer"); break;
            }
        }
        foreach (var (property, kind) in new[] { ("Activation", activation), ("RecurrentActivation", recurrentActivation) })
            if (kind == ActivationKind.Softmax)
                layer.Report(DiagnosticDescriptors.SoftmaxInRecurrentLayer, layer.Name, property);
        return new LstmSpec(layer.Name, layer.Location, units, returnSequences, kernel, recurrent, unitForgetBias, stateful, activation, recurrentActivation, useBias);
    }

    private static EmbeddingSpec? ReadEmbedding(LayerArguments layer)
    {
        if (layer.Constructor.Length != 2 || layer.Constructor[0].Value is not int inputDim || layer.Constructor[1].Value is not int outputDim) return null;
        layer.CheckPositive(inputDim, "inputDim");
        layer.CheckPositive(outputDim, "outputDim");
        var initializer = InitializerKind.RandomUniform;
        foreach (KeyValuePair<string, TypedConstant> argument in layer.Named)
            if (argument.Key == "EmbeddingsInitializer")
                initializer = layer.Enum<InitializerKind>(argument.Value.Value, argument.Key, "Initializer");
        return new EmbeddingSpec(layer.Name, layer.Location, inputDim, outputDim, initializer);
    }

    private static DropoutSpec? ReadDropout(LayerArguments layer)
    {
        if (layer.Constructor.Length != 1 || layer.Constructor[0].Value is not float rate) return null;
        if (!(rate >= 0f && rate < 1f))
            layer.Report(DiagnosticDescriptors.InvalidDropoutRate, layer.Name, rate.ToString("R", CultureInfo.InvariantCulture));
        return new DropoutSpec(layer.Name, layer.Location, rate);
    }

    private static ConvSpec? ReadConv(LayerArguments layer, int rank)
    {
        if (layer.Constructor.Length != 2 || layer.Constructor[0].Value is not int filters) return null;
        layer.CheckPositive(filters, "filters");
        (int kh, int kw) = rank == 1
            ? (1, layer.Constructor[1].Value is int k ? k : 0)
            : layer.Pair(layer.Constructor[1], fallback: 0, "kernelSize");
        if (rank == 1) layer.CheckPositive(kw, "kernelSize");
        (int sh, int sw) = (1, 1);
        var padding = PaddingKind.Valid;
        var format = DataFormatKind.ChannelsLast;
        var options = new KernelOptions();
        foreach (KeyValuePair<string, TypedConstant> argument in layer.Named)
        {
            object? value = LayerArguments.Scalar(argument.Value);
            if (options.Read(argument.Key, value, layer)) continue;
            switch (argument.Key)
            {
                case "Strides":
                    if (rank == 1) { sw = value is int s ? s : 0; layer.CheckPositive(sw, "Strides"); }
                    else (sh, sw) = layer.Pair(argument.Value, fallback: 1, "Strides");
                    break;
                case "Padding": padding = layer.Enum<PaddingKind>(value, argument.Key, "Padding"); break;
                case "DataFormat": format = layer.Enum<DataFormatKind>(value, argument.Key, "DataFormat"); break;
            }
        }
        return new ConvSpec(layer.Name, layer.Location, rank, filters, kh, kw, sh, sw, padding, format,
            options.Activation, options.UseBias, options.KernelInitializer, options.BiasInitializer, options.L2);
    }

    private static PoolSpec? ReadPool(LayerArguments layer, int rank, PoolKind kind)
    {
        if (layer.Constructor.Length != 1) return null;
        (int ph, int pw) = rank == 1
            ? (1, layer.Constructor[0].Value is int p ? p : 0)
            : layer.Pair(layer.Constructor[0], fallback: 2, "poolSize");
        if (rank == 1) layer.CheckPositive(pw, "poolSize");
        (int sh, int sw) = (ph, pw); // Keras: strides default to the pool size
        var padding = PaddingKind.Valid;
        var format = DataFormatKind.ChannelsLast;
        foreach (KeyValuePair<string, TypedConstant> argument in layer.Named)
        {
            object? value = LayerArguments.Scalar(argument.Value);
            switch (argument.Key)
            {
                case "Strides":
                    if (rank == 1)
                    {
                        int s = value is int v ? v : 0;
                        if (s != 0) { sw = s; layer.CheckPositive(sw, "Strides"); }
                    }
                    else if (!argument.Value.IsNull && argument.Value.Values.Length > 0)
                    {
                        (sh, sw) = layer.Pair(argument.Value, fallback: ph, "Strides");
                    }
                    break;
                case "Padding": padding = layer.Enum<PaddingKind>(value, argument.Key, "Padding"); break;
                case "DataFormat": format = layer.Enum<DataFormatKind>(value, argument.Key, "DataFormat"); break;
            }
        }
        return new PoolSpec(layer.Name, layer.Location, rank, kind, Global: false, ph, pw, sh, sw, padding, format);
    }

    private static PoolSpec ReadGlobalPool(LayerArguments layer, int rank, PoolKind kind)
    {
        var format = DataFormatKind.ChannelsLast;
        foreach (KeyValuePair<string, TypedConstant> argument in layer.Named)
            if (argument.Key == "DataFormat")
                format = layer.Enum<DataFormatKind>(argument.Value.Value, argument.Key, "DataFormat");
        return new PoolSpec(layer.Name, layer.Location, rank, kind, Global: true, 0, 0, 1, 1, PaddingKind.Valid, format);
    }
}
