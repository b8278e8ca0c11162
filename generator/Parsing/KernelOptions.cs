using Unroll.Generator.Spec;

namespace Unroll.Generator.Parsing;

/// <summary>
/// The options Dense and the convolutions share (activation, bias, initialisers, L2), read the same
/// way from either attribute and starting from the attributes' defaults.
/// </summary>
internal sealed class KernelOptions
{
    public ActivationKind Activation { get; private set; } = ActivationKind.Linear;

    public bool UseBias { get; private set; } = true;

    public InitializerKind KernelInitializer { get; private set; } = InitializerKind.GlorotUniform;

    public InitializerKind BiasInitializer { get; private set; } = InitializerKind.Zeros;

    public float L2 { get; private set; }

    /// <summary>Reads the named argument when it is one of these options; false for any other.</summary>
    public bool Read(string key, object? value, LayerArguments layer)
    {
        switch (key)
        {
            case "Activation": Activation = layer.NonRecurrentActivation(value, key); return true;
            case "UseBias": UseBias = value is bool b ? b : UseBias; return true;
            case "KernelInitializer": KernelInitializer = layer.Enum<InitializerKind>(value, key, "Initializer"); return true;
            case "BiasInitializer": BiasInitializer = layer.Enum<InitializerKind>(value, key, "Initializer"); return true;
            case "L2": L2 = layer.L2(value); return true;
            default: return false;
        }
    }
}
