using SkiaSharp;

namespace Unroll.Plotting;

/// <summary>The architecture picture as PNG: the same <see cref="DiagramLayout"/> as the SVG, rasterised by Skia.</summary>
internal static class DiagramPng
{
    /// <summary>Draws at <paramref name="dpi"/> (the layout is in pixels at 96 dpi).</summary>
    public static byte[] Render(DiagramLayout layout, int dpi)
    {
        float scale = dpi / 96f;
        var info = new SKImageInfo((int)MathF.Ceiling(layout.Width * scale), (int)MathF.Ceiling(layout.Height * scale), SKColorType.Rgba8888, SKAlphaType.Premul);
        using SKSurface surface = SKSurface.Create(info) ?? throw new InvalidOperationException($"Skia could not make a {info.Width}×{info.Height} picture.");
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Scale(scale);

        SKColor stroke = SKColor.Parse(DiagramSvg.Stroke);
        using var fill = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = true };
        using var line = new SKPaint { Style = SKPaintStyle.Stroke, Color = stroke, StrokeWidth = 1, IsAntialias = true };
        foreach (DiagramLayout.Box box in layout.Boxes)
        {
            var titleRect = SKRect.Create(box.X, box.Y, box.Width, box.TitleHeight);
            fill.Color = SKColor.Parse(DiagramSvg.TitleFill);
            canvas.DrawRect(titleRect, fill);
            canvas.DrawRect(titleRect, line);
            if (box.Height > box.TitleHeight)
            {
                canvas.DrawRect(SKRect.Create(box.X, box.Y + box.TitleHeight, box.Width, box.Height - box.TitleHeight), line);
                canvas.DrawLine(box.Divider, box.Y + box.TitleHeight, box.Divider, box.Y + box.Height, line);
            }
        }
        fill.Color = stroke;
        foreach (DiagramLayout.Arrow arrow in layout.Arrows)
        {
            canvas.DrawLine(arrow.X, arrow.FromY, arrow.X, arrow.ToY - arrow.HeadSize, line);
            using var head = new SKPath();
            head.MoveTo(arrow.X - arrow.HeadSize / 2, arrow.ToY - arrow.HeadSize);
            head.LineTo(arrow.X + arrow.HeadSize / 2, arrow.ToY - arrow.HeadSize);
            head.LineTo(arrow.X, arrow.ToY);
            head.Close();
            canvas.DrawPath(head, fill);
        }
        fill.Color = SKColor.Parse(DiagramSvg.Ink);
        foreach (DiagramLayout.Label label in layout.Labels)
        {
            using var font = new SKFont(PlotFont.Typeface, label.Size) { Subpixel = true, Edging = SKFontEdging.Antialias };
            canvas.DrawText(label.Text, label.CenterX, label.Baseline, SKTextAlign.Center, font, fill);
        }

        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
