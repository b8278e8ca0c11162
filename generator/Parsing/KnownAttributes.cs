namespace Unroll.Generator.Parsing;

/// <summary>Metadata names of the runtime's attributes; the generator matches them by name, never by loading the runtime.</summary>
internal static class KnownAttributes
{
    public const string Sequential = "Unroll.SequentialAttribute";
    public const string Input = "Unroll.InputAttribute";
    public const string Dense = "Unroll.DenseAttribute";
    public const string Activation = "Unroll.ActivationAttribute";
    public const string ModelBase = "Unroll.Model";

    /// <summary>Whether the attribute declares a layer (or the input) and so takes part in the network.</summary>
    public static bool IsNetworkAttribute(string? name) => name is Input or Dense or Activation;
}
