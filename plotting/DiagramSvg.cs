using System.Globalization;
using System.Text;
using System.Xml;

namespace Unroll.Plotting;

/// <summary>The architecture picture as SVG, drawn from a <see cref="DiagramLayout"/>.</summary>
internal static class DiagramSvg
{
    public const string TitleFill = "#dbe7f3", Stroke = "#3c3c3c", Ink = "#000000";

    public static string Write(DiagramLayout layout, string title)
    {
        var text = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = new UTF8Encoding(false) };
        using (var svg = XmlWriter.Create(new StringWriterUtf8(text), settings))
        {
            svg.WriteStartElement("svg", "http://www.w3.org/2000/svg");
            Attribute(svg, "width", layout.Width);
            Attribute(svg, "height", layout.Height);
            svg.WriteAttributeString("viewBox", $"0 0 {Number(layout.Width)} {Number(layout.Height)}");
            svg.WriteAttributeString("font-family", $"{PlotFont.Family}, Verdana, Arial, sans-serif");
            svg.WriteElementString("title", title);
            svg.WriteStartElement("rect");
            svg.WriteAttributeString("width", "100%");
            svg.WriteAttributeString("height", "100%");
            svg.WriteAttributeString("fill", "white");
            svg.WriteEndElement();

            foreach (DiagramLayout.Box box in layout.Boxes)
            {
                svg.WriteStartElement("g");
                svg.WriteAttributeString("class", "layer");
                svg.WriteAttributeString("id", box.Node.Id);
                Rect(svg, box.X, box.Y, box.Width, box.TitleHeight, TitleFill);
                if (box.Height > box.TitleHeight)
                {
                    Rect(svg, box.X, box.Y + box.TitleHeight, box.Width, box.Height - box.TitleHeight, "white");
                    Line(svg, box.Divider, box.Y + box.TitleHeight, box.Divider, box.Y + box.Height);
                }
                svg.WriteEndElement();
            }
            foreach (DiagramLayout.Arrow arrow in layout.Arrows)
            {
                svg.WriteStartElement("g");
                svg.WriteAttributeString("class", "edge");
                Line(svg, arrow.X, arrow.FromY, arrow.X, arrow.ToY - arrow.HeadSize);
                svg.WriteStartElement("polygon");
                svg.WriteAttributeString("points", $"{Number(arrow.X - arrow.HeadSize / 2)},{Number(arrow.ToY - arrow.HeadSize)} {Number(arrow.X + arrow.HeadSize / 2)},{Number(arrow.ToY - arrow.HeadSize)} {Number(arrow.X)},{Number(arrow.ToY)}");
                svg.WriteAttributeString("fill", Stroke);
                svg.WriteEndElement();
                svg.WriteEndElement();
            }
            foreach (DiagramLayout.Label label in layout.Labels)
            {
                svg.WriteStartElement("text");
                Attribute(svg, "x", label.CenterX);
                Attribute(svg, "y", label.Baseline);
                Attribute(svg, "font-size", label.Size);
                svg.WriteAttributeString("text-anchor", "middle");
                svg.WriteAttributeString("fill", Ink);
                svg.WriteString(label.Text);
                svg.WriteEndElement();
            }
            svg.WriteEndElement();
        }
        return text.ToString();
    }

    private static void Rect(XmlWriter svg, float x, float y, float width, float height, string fill)
    {
        svg.WriteStartElement("rect");
        Attribute(svg, "x", x);
        Attribute(svg, "y", y);
        Attribute(svg, "width", width);
        Attribute(svg, "height", height);
        svg.WriteAttributeString("fill", fill);
        svg.WriteAttributeString("stroke", Stroke);
        svg.WriteEndElement();
    }

    private static void Line(XmlWriter svg, float x1, float y1, float x2, float y2)
    {
        svg.WriteStartElement("line");
        Attribute(svg, "x1", x1);
        Attribute(svg, "y1", y1);
        Attribute(svg, "x2", x2);
        Attribute(svg, "y2", y2);
        svg.WriteAttributeString("stroke", Stroke);
        svg.WriteEndElement();
    }

    private static void Attribute(XmlWriter svg, string name, float value) => svg.WriteAttributeString(name, Number(value));

    private static string Number(float value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    // XmlWriter takes its declared encoding from the TextWriter: say UTF-8, not StringWriter's UTF-16.
    private sealed class StringWriterUtf8(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
