using System.Globalization;
using System.Text;

namespace Unroll.Plotting;

/// <summary>
/// The architecture as Graphviz DOT, in the shape Keras's <c>model_to_dot</c> gives it: a digraph
/// laid out top to bottom, one record node per layer (<c>{title|{Input shape: …|Output shape: …}}</c>),
/// an edge from each layer to the next. <c>dot -Tpng model.dot -o model.png</c> draws it.
/// </summary>
internal static class DiagramDot
{
    public static string Write(IReadOnlyList<DiagramNode> nodes, string graphName, int dpi)
    {
        var dot = new StringBuilder();
        dot.Append("digraph ").Append(Quote(graphName)).Append(" {\n");
        dot.Append(CultureInfo.InvariantCulture, $"  graph [rankdir=TB, concentrate=true, dpi={dpi}];\n");
        dot.Append("  node [shape=record, fontname=").Append(Quote(PlotFont.Family)).Append("];\n");
        foreach (DiagramNode node in nodes)
        {
            string label = node.InputShape is null
                ? Escape(node.Title)
                : $"{{{Escape(node.Title)}|{{Input shape: {Escape(node.InputShape)}|Output shape: {Escape(node.OutputShape ?? "")}}}}}";
            dot.Append("  ").Append(Quote(node.Id)).Append(" [label=").Append(Quote(label)).Append("];\n");
        }
        for (int i = 1; i < nodes.Count; i++)
            dot.Append("  ").Append(Quote(nodes[i - 1].Id)).Append(" -> ").Append(Quote(nodes[i].Id)).Append(";\n");
        return dot.Append("}\n").ToString();
    }

    // A DOT string: only the quote and the backslash need escaping.
    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    // Inside a record label, braces, bars and angle brackets are structure: escape them in names.
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is '{' or '}' or '|' or '<' or '>') escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
