using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Parsing;

/// <summary>
/// One layer attribute being read: its arguments, the layer's kind and automatic name, and the
/// checks every layer's arguments share, each reporting against this attribute.
/// </summary>
internal sealed class LayerArguments(AttributeData attribute, LayerKind kind, string name, LocationInfo? location, List<DiagnosticInfo> diagnostics)
{
    public LayerKind Kind => kind;

    public string Name => name;

    public LocationInfo? Location => location;

    /// <summary>The Keras class name, which messages call the layer's type.</summary>
    public string Type => kind.KerasClass;

    public System.Collections.Immutable.ImmutableArray<TypedConstant> Constructor => attribute.ConstructorArguments;

    public System.Collections.Immutable.ImmutableArray<KeyValuePair<string, TypedConstant>> Named => attribute.NamedArguments;

    /// <summary>A named argument's scalar value; null for an array (the scalar readers then fall back).</summary>
    public static object? Scalar(TypedConstant argument) => argument.Kind == TypedConstantKind.Array ? null : argument.Value;

    public void Report(DiagnosticDescriptor descriptor, params object?[] arguments)
        => diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));

    /// <summary>UNR0015 for a count below 1.</summary>
    public void CheckPositive(int value, string property)
    {
        if (value < 1) Report(DiagnosticDescriptors.NonPositiveArgument, name, Type, property, value);
    }

    /// <summary>A value of the runtime enum <paramref name="enumName"/>; the default member (and UNR0011) for a value it does not define.</summary>
    public T Enum<T>(object? value, string property, string enumName) where T : struct, System.Enum
    {
        int raw = value is int i ? i : 0;
        if (System.Enum.IsDefined(typeof(T), raw)) return (T)(object)raw;
        Report(DiagnosticDescriptors.UndefinedEnumValue, name, Type, property, raw, enumName);
        return default;
    }

    /// <summary>
    /// The activation of a layer other than an LSTM: the hard sigmoids (<see cref="ActivationKind.HardSigmoid"/>,
    /// <see cref="ActivationKind.HardSigmoidKeras2"/>) are implemented for LSTM gates only (UNR0025; Linear instead).
    /// </summary>
    public ActivationKind NonRecurrentActivation(object? value, string property)
    {
        ActivationKind kind = Enum<ActivationKind>(value, property, "Activation");
        if (kind is ActivationKind.HardSigmoid or ActivationKind.HardSigmoidKeras2)
        {
            Report(DiagnosticDescriptors.RecurrentOnlyActivation, name, Type, property, kind);
            return ActivationKind.Linear;
        }
        return kind;
    }

    /// <summary>A kernel L2 factor: finite and at least 0 (UNR0012 otherwise).</summary>
    public float L2(object? value)
    {
        float l2 = value is float f ? f : 0f;
        if (!(l2 >= 0f) || float.IsInfinity(l2))
            Report(DiagnosticDescriptors.InvalidL2, name, Type, l2.ToString("R", CultureInfo.InvariantCulture));
        return l2;
    }

    /// <summary>An (height, width) pair from one or two numbers of an int[] argument; empty gives the fallback.</summary>
    public (int, int) Pair(TypedConstant argument, int fallback, string property)
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
            Report(DiagnosticDescriptors.InvalidArity, name, Type, property, values.Length);
        else
        {
            CheckPositive(pair.Item1, property);
            if (pair.Item2 != pair.Item1) CheckPositive(pair.Item2, property);
        }
        return pair;
    }
}
