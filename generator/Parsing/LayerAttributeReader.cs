using System;
using System.Collections.Generic;
using System.Collections.Immutable;
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

    /// <summary>Reads a layer attribute; <paramref name="name"/> is its Keras name for messages.</summary>
    public static LayerSpec? ReadLayer(AttributeData attribute, string kind, string name, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        return kind switch
        {
            KnownAttributes.Dense => ReadDense(attribute, name, location, diagnostics),
            KnownAttributes.Activation => ReadActivation(attribute, name, location, diagnostics),
            KnownAttributes.Flatten => new FlattenSpec(name, location),
            KnownAttributes.Embedding => ReadEmbedding(attribute, name, location, diagnostics),
            KnownAttributes.Lstm => ReadLstm(attribute, name, location, diagnostics),
            KnownAttributes.Dropout => ReadDropout(attribute, name, location, diagnostics),
            KnownAttributes.Conv2D or KnownAttributes.Conv1D => ReadConv(attribute, kind == KnownAttributes.Conv1D ? 1 : 2, name, location, diagnostics),
            KnownAttributes.MaxPooling2D => ReadPool(attribute, 2, PoolKind.Max, name, location, diagnostics),
            KnownAttributes.AveragePooling2D => ReadPool(attribute, 2, PoolKind.Average, name, location, diagnostics),
            KnownAttributes.MaxPooling1D => ReadPool(attribute, 1, PoolKind.Max, name, location, diagnostics),
            KnownAttributes.GlobalAveragePooling2D => ReadGlobalPool(attribute, 2, PoolKind.Average, name, location, diagnostics),
            KnownAttributes.GlobalMaxPooling2D => ReadGlobalPool(attribute, 2, PoolKind.Max, name, location, diagnostics),
            KnownAttributes.GlobalAveragePooling1D => ReadGlobalPool(attribute, 1, PoolKind.Average, name, location, diagnostics),
            _ => null,
        };
    }

    private static DenseSpec? ReadDense(AttributeData attribute, string name, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int units) return null;
        CheckPositive(units, "units", "Dense", name, location, diagnostics);

        var activation = ActivationKind.Linear;
        bool useBias = true;
        var kernelInitializer = InitializerKind.GlorotUniform;
        var biasInitializer = InitializerKind.Zeros;
        float l2 = 0f;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            object? value = argument.Value.Kind == TypedConstantKind.Array ? null : argument.Value.Value;
            switch (argument.Key)
            {
                case "Activation": activation = ReadEnum<ActivationKind>(value, "Dense", name, argument.Key, "Activation", location, diagnostics); break;
                case "UseBias": useBias = value is bool b ? b : useBias; break;
                case "KernelInitializer": kernelInitializer = ReadEnum<InitializerKind>(value, "Dense", name, argument.Key, "Initializer", location, diagnostics); break;
                case "BiasInitializer": biasInitializer = ReadEnum<InitializerKind>(value, "Dense", name, argument.Key, "Initializer", location, diagnostics); break;
                case "L2": l2 = ReadL2(value, "Dense", name, location, diagnostics); break;
            }
        }
        return new DenseSpec(name, location, units, activation, useBias, kernelInitializer, biasInitializer, l2);
    }

    private static ActivationSpec? ReadActivation(AttributeData attribute, string name, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        if (attribute.ConstructorArguments.Length != 1) return null;
        var function = ReadEnum<ActivationKind>(attribute.ConstructorArguments[0].Value, "Activation", name, "the function", "Activation", location, diagnostics);
        return new ActivationSpec(name, location, function);
    }

    private static LstmSpec? ReadLstm(AttributeData attribute, string name, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int units) return null;
        CheckPositive(units, "units", "LSTM", name, location, diagnostics);
        bool returnSequences = false, unitForgetBias = true, stateful = false, useBias = true;
        ActivationKind activation = ActivationKind.Tanh, recurrentActivation = ActivationKind.Sigmoid;
        var kernel = InitializerKind.GlorotUniform;
        var recurrent = InitializerKind.Orthogonal;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            object? value = argument.Value.Kind == TypedConstantKind.Array ? null : argument.Value.Value;
            switch (argument.Key)
            {
                case "ReturnSequences": returnSequences = value is true; break;
                case "UnitForgetBias": unitForgetBias = value is not false; break;
                case "Stateful": stateful = value is true; break;
                case "UseBias": useBias = value is not false; break;
                case "Activation": activation = ReadEnum<ActivationKind>(value, "LSTM", name, argument.Key, "Activation", location, diagnostics); break;
                case "RecurrentActivation": recurrentActivation = ReadEnum<ActivationKind>(value, "LSTM", name, argument.Key, "Activation", location, diagnostics); break;
                case "KernelInitializer": kernel = ReadEnum<InitializerKind>(value, "LSTM", name, argument.Key, "Initializer", location, diagnostics); break;
                case "RecurrentInitializer": recurrent = ReadEnum<InitializerKind>(value, "LSTM", name, argument.Key, "Initializer", location, diagnostics); break;
            }
        }
        foreach (var (property, kind) in new[] { ("Activation", activation), ("RecurrentActivation", recurrentActivation) })
            if (kind == ActivationKind.Softmax)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxInRecurrentLayer, location, name, property));
        return new LstmSpec(name, location, units, returnSequences, kernel, recurrent, unitForgetBias, stateful, activation, recurrentActivation, useBias);
    }

    private static EmbeddingSpec? ReadEmbedding(AttributeData attribute, string name, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        if (attribute.ConstructorArguments.Length != 2 || attribute.ConstructorArguments[0].Value is not int inputDim || attribute.ConstructorArguments[1].Value is not int outputDim) return null;
        CheckPositive(inputDim, "inputDim", "Embedding", name, location, diagnostics);
        CheckPositive(outputDim, "outputDim", "Embedding", name, location, diagnostics);
        var initializer = InitializerKind.RandomUniform;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
            if (argument.Key == "EmbeddingsInitializer")
                initializer = ReadEnum<InitializerKind>(argument.Value.Value, "Embedding", name, argument.Key, "Initializer", location, diagnostics);
        return new EmbeddingSpec(name, location, inputDim, outputDim, initializer);
    }

    private static DropoutSpec? ReadDropout(AttributeData attribute, string name, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not float rate) return null;
        if (!(rate >= 0f && rate < 1f))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidDropoutRate, location, name, rate.ToString("R", CultureInfo.InvariantCulture)));
        return new DropoutSpec(name, location, rate);
    }

    private static ConvSpec? ReadConv(AttributeData attribute, int rank, string name, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        string type = rank == 1 ? "Conv1D" : "Conv2D";
        if (attribute.ConstructorArguments.Length != 2 || attribute.ConstructorArguments[0].Value is not int filters) return null;
        CheckPositive(filters, "filters", type, name, location, diagnostics);
        (int kh, int kw) = rank == 1
            ? (1, attribute.ConstructorArguments[1].Value is int k ? k : 0)
            : Pair(attribute.ConstructorArguments[1], fallback: 0, "kernelSize", type, name, location, diagnostics);
        if (rank == 1) CheckPositive(kw, "kernelSize", type, name, location, diagnostics);
        (int sh, int sw) = (1, 1);
        var padding = PaddingKind.Valid;
        var format = DataFormatKind.ChannelsLast;
        var activation = ActivationKind.Linear;
        bool useBias = true;
        var kernelInitializer = InitializerKind.GlorotUniform;
        var biasInitializer = InitializerKind.Zeros;
        float l2 = 0f;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            object? value = argument.Value.Kind == TypedConstantKind.Array ? null : argument.Value.Value;
            switch (argument.Key)
            {
                case "Strides":
                    if (rank == 1) { sw = value is int s ? s : 0; CheckPositive(sw, "Strides", type, name, location, diagnostics); }
                    else (sh, sw) = Pair(argument.Value, fallback: 1, "Strides", type, name, location, diagnostics);
                    break;
                case "Padding": padding = ReadEnum<PaddingKind>(value, type, name, argument.Key, "Padding", location, diagnostics); break;
                case "DataFormat": format = ReadEnum<DataFormatKind>(value, type, name, argument.Key, "DataFormat", location, diagnostics); break;
                case "Activation": activation = ReadEnum<ActivationKind>(value, type, name, argument.Key, "Activation", location, diagnostics); break;
                case "UseBias": useBias = value is bool b ? b : useBias; break;
                case "KernelInitializer": kernelInitializer = ReadEnum<InitializerKind>(value, type, name, argument.Key, "Initializer", location, diagnostics); break;
                case "BiasInitializer": biasInitializer = ReadEnum<InitializerKind>(value, type, name, argument.Key, "Initializer", location, diagnostics); break;
                case "L2": l2 = ReadL2(value, type, name, location, diagnostics); break;
            }
        }
        return new ConvSpec(name, location, rank, filters, kh, kw, sh, sw, padding, format, activation, useBias, kernelInitializer, biasInitializer, l2);
    }

    private static PoolSpec? ReadPool(AttributeData attribute, int rank, PoolKind kind, string name, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        string type = (kind == PoolKind.Max ? "MaxPooling" : "AveragePooling") + rank + "D";
        if (attribute.ConstructorArguments.Length != 1) return null;
        (int ph, int pw) = rank == 1
            ? (1, attribute.ConstructorArguments[0].Value is int p ? p : 0)
            : Pair(attribute.ConstructorArguments[0], fallback: 2, "poolSize", type, name, location, diagnostics);
        if (rank == 1) CheckPositive(pw, "poolSize", type, name, location, diagnostics);
        (int sh, int sw) = (ph, pw); // Keras: strides default to the pool size
        var padding = PaddingKind.Valid;
        var format = DataFormatKind.ChannelsLast;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            object? value = argument.Value.Kind == TypedConstantKind.Array ? null : argument.Value.Value;
            switch (argument.Key)
            {
                case "Strides":
                    if (rank == 1)
                    {
                        int s = value is int v ? v : 0;
                        if (s != 0) { sw = s; CheckPositive(sw, "Strides", type, name, location, diagnostics); }
                    }
                    else if (!argument.Value.IsNull && argument.Value.Values.Length > 0)
                    {
                        (sh, sw) = Pair(argument.Value, fallback: ph, "Strides", type, name, location, diagnostics);
                    }
                    break;
                case "Padding": padding = ReadEnum<PaddingKind>(value, type, name, argument.Key, "Padding", location, diagnostics); break;
                case "DataFormat": format = ReadEnum<DataFormatKind>(value, type, name, argument.Key, "DataFormat", location, diagnostics); break;
            }
        }
        return new PoolSpec(name, location, rank, kind, Global: false, ph, pw, sh, sw, padding, format);
    }

    private static PoolSpec ReadGlobalPool(AttributeData attribute, int rank, PoolKind kind, string name, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        var format = DataFormatKind.ChannelsLast;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
            if (argument.Key == "DataFormat")
                format = ReadEnum<DataFormatKind>(argument.Value.Value, "Global" + kind + "Pooling" + rank + "D", name, argument.Key, "DataFormat", location, diagnostics);
        return new PoolSpec(name, location, rank, kind, Global: true, 0, 0, 1, 1, PaddingKind.Valid, format);
    }

    /// <summary>An (height, width) pair from one or two numbers of an int[] argument; empty gives the fallback.</summary>
    private static (int, int) Pair(TypedConstant argument, int fallback, string property, string type, string name, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        int[] values = argument.Kind == TypedConstantKind.Array && !argument.IsNull
            ? argument.Values.Select(v => v.Value is int i ? i : 0).ToArray()
            : [];
        (int, int) pair = values.Length switch
        {
            0 => (fallback, fallback),
            1 => (values[0], values[0]),
            2 => (values[0], values[1]),
            _ => (fallback, fallback),
        };
        if (values.Length > 2 || (values.Length == 0 && fallback == 0))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArity, location, name, type, property, values.Length));
        else
        {
            CheckPositive(pair.Item1, property, type, name, location, diagnostics);
            if (pair.Item2 != pair.Item1) CheckPositive(pair.Item2, property, type, name, location, diagnostics);
        }
        return pair;
    }

    /// <summary>A kernel L2 factor: finite and at least 0 (UNR0012 otherwise).</summary>
    private static float ReadL2(object? value, string type, string name, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        float l2 = value is float f ? f : 0f;
        if (!(l2 >= 0f) || float.IsInfinity(l2))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidL2, location, name, type, l2.ToString("R", CultureInfo.InvariantCulture)));
        return l2;
    }

    private static void CheckPositive(int value, string property, string type, string name, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        if (value < 1)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveArgument, location, name, type, property, value));
    }

    private static T ReadEnum<T>(object? value, string layerType, string layerName, string property, string enumName, LocationInfo? location, List<DiagnosticInfo> diagnostics)
        where T : struct, Enum
    {
        int raw = value is int i ? i : 0;
        if (Enum.IsDefined(typeof(T), raw)) return (T)(object)raw;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedEnumValue, location, layerName, layerType, property, raw, enumName));
        return default;
    }
}
