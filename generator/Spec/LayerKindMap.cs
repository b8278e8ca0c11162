using System;
using System.Collections.Generic;
using System.Linq;

namespace Unroll.Generator.Spec;

/// <summary>
/// One value per row of <see cref="LayerKinds.All"/>, for the stages that make a spec from a kind
/// (the attribute reader, the Keras reader). The map refuses to be built with a row missing or an
/// extra one, so a new row breaks the first network any test parses until every such stage has it;
/// looking up a row the table lacks throws, and the stage turns that into its internal-error diagnostic.
/// </summary>
internal sealed class LayerKindMap<T>
{
    private readonly Dictionary<LayerKind, T> _values;

    public LayerKindMap(string stage, Dictionary<LayerKind, T> values)
    {
        Stage = stage;
        _values = values;
        var missing = LayerKinds.All.Where(kind => !values.ContainsKey(kind)).Select(kind => kind.KerasClass).ToList();
        var extra = values.Keys.Where(kind => !LayerKinds.All.Contains(kind)).Select(kind => kind.KerasClass).ToList();
        if (missing.Count > 0 || extra.Count > 0)
            throw new InvalidOperationException($"The {stage} does not cover the table of layer kinds: "
                + (missing.Count > 0 ? "missing " + string.Join(", ", missing) : "")
                + (missing.Count > 0 && extra.Count > 0 ? "; " : "")
                + (extra.Count > 0 ? "not in the table " + string.Join(", ", extra) : "") + ".");
    }

    /// <summary>The stage this map belongs to, for messages.</summary>
    public string Stage { get; }

    public T this[LayerKind kind]
        => _values.TryGetValue(kind, out T? value) ? value
           : throw new InvalidOperationException($"The {Stage} has no entry for layer kind {kind.KerasClass} ({kind.Attribute}), which is not in the table of layer kinds.");
}
