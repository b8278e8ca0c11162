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
            _ => null,
        };
    }

    private static DenseSpec? ReadDense(AttributeData attribute, string name, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int units) return null;
        if (units <= 0) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidUnits, location, name, units));

        var activation = ActivationKind.Linear;
        bool useBias = true;
        var kernelInitializer = InitializerKind.GlorotUniform;
        var biasInitializer = InitializerKind.Zeros;
        float l2 = 0f;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            object? value = argument.Value.Value;
            switch (argument.Key)
            {
                case "Activation": activation = ReadEnum<ActivationKind>(value, "Dense", name, argument.Key, "Activation", location, diagnostics); break;
                case "UseBias": useBias = value is bool b ? b : useBias; break;
                case "KernelInitializer": kernelInitializer = ReadEnum<InitializerKind>(value, "Dense", name, argument.Key, "Initializer", location, diagnostics); break;
                case "BiasInitializer": biasInitializer = ReadEnum<InitializerKind>(value, "Dense", name, argument.Key, "Initializer", location, diagnostics); break;
                case "L2":
                    l2 = value is float f ? f : 0f;
                    if (!(l2 >= 0f) || float.IsInfinity(l2))
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidL2, location, name, l2.ToString("R", CultureInfo.InvariantCulture)));
                    break;
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

    private static T ReadEnum<T>(object? value, string layerType, string layerName, string property, string enumName, LocationInfo? location, List<DiagnosticInfo> diagnostics)
        where T : struct, Enum
    {
        int raw = value is int i ? i : 0;
        if (Enum.IsDefined(typeof(T), raw)) return (T)(object)raw;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedEnumValue, location, layerName, layerType, property, raw, enumName));
        return default;
    }
}
