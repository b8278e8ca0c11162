using System.Collections.Generic;
using System.Linq;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Parsing;

/// <summary>
/// Metadata names of the runtime's attributes that are not layers; the generator matches them by
/// name, never by loading the runtime. The layer attributes are in the table of kinds (<see cref="LayerKinds"/>).
/// </summary>
internal static class KnownAttributes
{
    public const string Sequential = "Unroll.SequentialAttribute";
    public const string Input = "Unroll.InputAttribute";
    public const string KerasModel = "Unroll.KerasModelAttribute";
    public const string BakedWeights = "Unroll.BakedWeightsAttribute";
    public const string ModelBase = "Unroll.Model";

    /// <summary>[Input] and every layer attribute: the attributes that mean nothing without [Sequential].</summary>
    public static readonly IReadOnlyList<string> InputAndLayers = [Input, .. LayerKinds.All.Select(kind => kind.Attribute)];

    /// <summary>Whether the attribute declares a layer (or the input) and so takes part in the network.</summary>
    public static bool IsNetworkAttribute(string? name) => name == Input || LayerKinds.ByAttribute(name) is not null;
}
