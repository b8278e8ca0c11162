using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Unroll.Generator.Emitting;

/// <summary>
/// The names generated code declares or relies on inside a network class, and how user names are
/// written into it, so that no user declaration can collide with generated code.
/// </summary>
internal static class GeneratedNames
{
    /// <summary>The prefix of every private member the generator declares; the parser refuses user members that start with it (UNR0022).</summary>
    public const string Private = "__";

    /// <summary>
    /// The public and protected members the generated half declares. A user member of the same name
    /// is a duplicate (UNR0022); a class of the same name cannot have them at all (UNR0021).
    /// </summary>
    public static readonly IReadOnlyList<string> Members =
    [
        "InputLength", "OutputLength", "ParameterLength", "CreateBaked", "Name", "OutputActivation", "ParameterTensors", "Layers",
        "Capacity", "InputVocabulary", "OutputShape", "FixedBatchSize", "ResetStates", "MultiplyAddsPerSample", "WorkspacePerSample", "Summary", "ToJson",
        "EnsureCapacity", "PrepareForward", "ForwardRange", "SplitsForwardColumns", "ForwardColumns", "Outputs", "PredictSample", "OutputGradient",
        "PrepareBackward", "BackwardRange", "WeightGradientSplit", "WeightGradientSplitWaitsForRanges", "WeightGradientRange", "Regularization", "AddsRegularization", "Share",
        "PackedPanelsLength", "PackPanels",
    ];

    /// <summary>
    /// What a class name would hide in its generated half, or null when the name is free. In the global
    /// namespace, a type named System or Unroll would also take the place of the namespace that every
    /// <c>global::System.…</c> and <c>global::Unroll.…</c> name in generated code starts from.
    /// </summary>
    public static string? Hidden(string className, bool inGlobalNamespace)
        => inGlobalNamespace && className is "System" or "Unroll" ? $"the namespace '{className}' that the generated code names as global::{className} (in the global namespace)"
           : Members.Contains(className) ? $"the generated member '{className}'"
           : className.StartsWith(Private, System.StringComparison.Ordinal) ? $"the generated private members (prefix '{Private}')"
           : null;

    /// <summary>A name as a C# identifier: <c>@class</c> for a keyword.</summary>
    public static string Identifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>A dotted namespace with each part written as an identifier.</summary>
    public static string QualifiedIdentifier(string dotted) => string.Join(".", dotted.Split('.').Select(Identifier));

    /// <summary>See <see cref="NetworkEmitter.HintName"/>: an injective, case-insensitively unique file name.</summary>
    public static string HintName(string fullName)
    {
        var text = new StringBuilder();
        var upper = new StringBuilder();
        int bits = 0, count = 0;
        foreach (char c in fullName)
        {
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.') text.Append(c);
            else text.Append('_').Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            if (!char.IsLetter(c)) continue;
            bits = bits << 1 | (char.IsUpper(c) ? 1 : 0);
            if (++count % 4 == 0) { upper.Append(bits.ToString("x", System.Globalization.CultureInfo.InvariantCulture)); bits = 0; }
        }
        if (count % 4 != 0) upper.Append(bits.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        return text + "." + (upper.Length == 0 ? "0" : upper.ToString()) + ".g.cs";
    }
}
