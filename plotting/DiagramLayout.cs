using SkiaSharp;

namespace Unroll.Plotting;

/// <summary>
/// Where everything of the architecture picture goes, in pixels at 96 dpi: one box per layer, top to
/// bottom, each a title row over an "Input shape | Output shape" row, joined by arrows. Both the SVG
/// writer and the PNG renderer draw exactly this, so the two pictures cannot differ.
/// </summary>
internal sealed class DiagramLayout
{
    public const float TitleSize = 14, ShapeSize = 12;
    private const float Margin = 16, PaddingX = 12, TitleRow = 28, ShapeRow = 40, Gap = 36, ArrowHead = 7;

    public sealed record Box(float X, float Y, float Width, float Height, float TitleHeight, float Divider, DiagramNode Node);

    public sealed record Label(float CenterX, float Baseline, string Text, float Size);

    public sealed record Arrow(float X, float FromY, float ToY, float HeadSize);

    private DiagramLayout(float width, float height, List<Box> boxes, List<Label> labels, List<Arrow> arrows)
    {
        Width = width;
        Height = height;
        Boxes = boxes;
        Labels = labels;
        Arrows = arrows;
    }

    public float Width { get; }

    public float Height { get; }

    public IReadOnlyList<Box> Boxes { get; }

    public IReadOnlyList<Label> Labels { get; }

    public IReadOnlyList<Arrow> Arrows { get; }

    public static DiagramLayout Of(IReadOnlyList<DiagramNode> nodes)
    {
        using var titleFont = new SKFont(PlotFont.Typeface, TitleSize);
        using var shapeFont = new SKFont(PlotFont.Typeface, ShapeSize);
        bool shapes = nodes.Any(n => n.InputShape is not null);

        // One width for every box: the widest title, or the widest pair of shape cells.
        float width = 0;
        foreach (DiagramNode node in nodes)
        {
            width = Math.Max(width, titleFont.MeasureText(node.Title) + 2 * PaddingX);
            if (shapes) width = Math.Max(width, 2 * (CellWidth(shapeFont, node) + 2 * PaddingX));
        }
        width = MathF.Ceiling(width);

        var boxes = new List<Box>();
        var labels = new List<Label>();
        var arrows = new List<Arrow>();
        float y = Margin, center = Margin + width / 2;
        float height = TitleRow + (shapes ? ShapeRow : 0);
        for (int i = 0; i < nodes.Count; i++)
        {
            DiagramNode node = nodes[i];
            if (i > 0)
            {
                arrows.Add(new Arrow(center, y, y + Gap, ArrowHead));
                y += Gap;
            }
            boxes.Add(new Box(Margin, y, width, height, TitleRow, center, node));
            labels.Add(new Label(center, y + TitleRow / 2 + TitleSize * 0.35f, node.Title, TitleSize));
            if (shapes)
            {
                float left = Margin + width / 4, right = Margin + 3 * width / 4;
                float top = y + TitleRow + ShapeRow / 2 - 3;
                labels.Add(new Label(left, top, "Input shape", ShapeSize));
                labels.Add(new Label(left, top + ShapeSize + 4, node.InputShape ?? "", ShapeSize));
                labels.Add(new Label(right, top, "Output shape", ShapeSize));
                labels.Add(new Label(right, top + ShapeSize + 4, node.OutputShape ?? "", ShapeSize));
            }
            y += height;
        }
        return new DiagramLayout(width + 2 * Margin, y + Margin, boxes, labels, arrows);
    }

    private static float CellWidth(SKFont font, DiagramNode node)
        => new[] { "Input shape", "Output shape", node.InputShape ?? "", node.OutputShape ?? "" }.Max(text => font.MeasureText(text));
}
