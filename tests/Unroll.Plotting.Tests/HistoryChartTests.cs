using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SkiaSharp;

namespace Unroll.Plotting.Tests;

/// <summary>The training curves: the files are real SVG and PNG, and their lines are the History's values.</summary>
public partial class HistoryChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void The_curves_are_the_history_series_by_epoch_train_then_validation()
    {
        History history = TestHistories.Train();

        HistoryChart chart = Plots.History(history, "accuracy");

        Assert.Equal(["accuracy", "val_accuracy"], chart.Curves.Select(c => c.Key));
        Assert.Equal(["train", "validation"], chart.Curves.Select(c => c.Label));
        foreach (HistoryCurve curve in chart.Curves)
        {
            Assert.Equal(history.Epochs.Select(e => (double)e), curve.Epochs);
            Assert.Equal(history[curve.Key].Select(v => (double)v), curve.Values);
        }
        // What ScottPlot will draw is the same points.
        ScottPlot.Plottables.Scatter[] lines = [.. chart.Plot.GetPlottables<ScottPlot.Plottables.Scatter>()];
        Assert.Equal(["train", "validation"], lines.Select(l => l.LegendText));
        for (int i = 0; i < lines.Length; i++)
        {
            Assert.Equal(chart.Curves[i].Epochs, lines[i].Data.GetScatterPoints().Select(p => p.X));
            Assert.Equal(chart.Curves[i].Values, lines[i].Data.GetScatterPoints().Select(p => p.Y));
        }
    }

    [Fact]
    public void The_svg_parses_and_its_line_points_map_back_through_the_axes_to_the_history_values()
    {
        History history = TestHistories.Train();
        HistoryChart chart = Plots.History(history, "loss");
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "loss.svg");

        chart.SaveSvg(path, 700, 420);

        XDocument svg = XDocument.Load(path);
        Assert.Equal(Svg + "svg", svg.Root!.Name);
        Assert.Equal(("700", "420"), ((string?)svg.Root.Attribute("width"), (string?)svg.Root.Attribute("height")));
        string[] texts = [.. svg.Descendants(Svg + "text").Select(t => t.Value.Trim())];
        Assert.Contains("model loss", texts);
        Assert.Contains("epoch", texts);
        Assert.Contains("loss", texts);
        Assert.Contains("train", texts);
        Assert.Contains("validation", texts);

        // Each curve is one path of its colour with a vertex per epoch (the legend's sample line has two).
        // Its pixel coordinates, taken back through the axes of the render that wrote the file, are the values.
        string[] colours = [.. chart.Plot.GetPlottables<ScottPlot.Plottables.Scatter>().Select(l => l.LineColor.ToHex())];
        double span = history["loss"].Concat(history["val_loss"]).Max() - history["loss"].Concat(history["val_loss"]).Min();
        for (int c = 0; c < chart.Curves.Count; c++)
        {
            HistoryCurve curve = chart.Curves[c];
            (float X, float Y)[] vertices = svg.Descendants(Svg + "path")
                .Where(p => string.Equals((string?)p.Attribute("stroke"), colours[c], StringComparison.OrdinalIgnoreCase))
                .Select(p => Vertices((string)p.Attribute("d")!))
                .Single(v => v.Length == curve.Values.Count);
            for (int i = 0; i < vertices.Length; i++)
            {
                ScottPlot.Coordinates point = chart.Plot.GetCoordinates(new ScottPlot.Pixel(vertices[i].X, vertices[i].Y));
                Assert.Equal(curve.Epochs[i], point.X, 0.01);
                Assert.Equal(curve.Values[i], point.Y, span * 0.002); // a pixel is about a 300th of the span
            }
        }
    }

    [Fact]
    public void The_png_decodes_at_the_size_asked_with_the_line_colour_at_every_point()
    {
        History history = TestHistories.Train();
        HistoryChart chart = Plots.History(history, "loss");
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "loss.png");

        chart.SavePng(path, 500, 300);

        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
        using SKBitmap bitmap = SKBitmap.Decode(bytes) ?? throw new Xunit.Sdk.XunitException("the PNG does not decode");
        Assert.Equal((500, 300), (bitmap.Width, bitmap.Height));
        ScottPlot.Color train = chart.Plot.GetPlottables<ScottPlot.Plottables.Scatter>().First().LineColor;
        foreach ((double x, double y) in chart.Curves[0].Epochs.Zip(chart.Curves[0].Values))
        {
            ScottPlot.Pixel pixel = chart.Plot.GetPixel(new ScottPlot.Coordinates(x, y));
            Assert.True(NearColour(bitmap, (int)MathF.Round(pixel.X), (int)MathF.Round(pixel.Y), train),
                $"no train-coloured pixel near ({pixel.X}, {pixel.Y}) for epoch {x}, loss {y}");
        }
    }

    [Fact]
    public void Without_validation_there_is_one_curve_and_Keras_2_names_are_refused_with_the_new_name()
    {
        History history = TestHistories.Train(epochs: 3, validationSplit: 0);

        HistoryChart chart = Plots.History(history);

        Assert.Equal(["loss"], chart.Curves.Select(c => c.Key));
        Assert.Contains("'accuracy'", Assert.Throws<KeyNotFoundException>(() => Plots.History(history, "acc")).Message);
    }

    [Fact]
    public void The_one_call_forms_write_by_extension_atomically_and_refuse_an_unknown_one()
    {
        History history = TestHistories.Train(epochs: 3);
        using var temp = new TempFolder();
        string folder = temp.Path;
        File.WriteAllText(Path.Combine(folder, "loss.png"), "an old file, replaced whole");

        history.PlotToPng(Path.Combine(folder, "loss.png"));
        history.PlotToSvg(Path.Combine(folder, "accuracy.svg"), metric: "accuracy");
        Plots.History(history).Save(Path.Combine(folder, "loss.svg"));

        Assert.Equal(["accuracy.svg", "loss.png", "loss.svg"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using (SKBitmap png = SKBitmap.Decode(Path.Combine(folder, "loss.png")))
            Assert.Equal((HistoryChart.DefaultWidth, HistoryChart.DefaultHeight), (png.Width, png.Height));
        Assert.Contains("model accuracy", XDocument.Load(Path.Combine(folder, "accuracy.svg")).Descendants(Svg + "text").Select(t => t.Value.Trim()));
        Assert.Throws<ArgumentException>(() => Plots.History(history).Save(Path.Combine(folder, "loss.jpg")));
    }

    [Fact]
    public void An_epoch_whose_value_is_not_finite_is_left_out_and_the_rest_keep_their_epoch_numbers()
    {
        HistoryCurve curve = HistoryChart.Curve("loss", "train", [3, 4, 5, 6], [0.9f, float.NaN, float.PositiveInfinity, 0.5f]);

        Assert.Equal([3.0, 6.0], curve.Epochs);
        Assert.Equal([0.9f, 0.5f], curve.Values.Select(v => (float)v));
    }

    [Fact]
    public void The_legend_goes_to_the_corner_the_curves_leave_empty()
    {
        static IReadOnlyList<HistoryCurve> Line(params double[] values)
            => [new HistoryCurve("loss", "train", [.. Enumerable.Range(0, values.Length).Select(i => (double)i)], values)];

        Assert.Equal(ScottPlot.Alignment.UpperRight, HistoryChart.LegendCorner(Line(4, 1, 0.8, 0.7, 0.65, 0.6)));
        Assert.Equal(ScottPlot.Alignment.UpperLeft, HistoryChart.LegendCorner(Line(0.5, 0.6, 0.7, 0.75, 0.78, 0.8))); // accuracy rising
        Assert.Equal(ScottPlot.Alignment.LowerRight, HistoryChart.LegendCorner(Line(1, 0.3, 0, 0.3, 1)));
    }

    [Fact]
    public void Text_is_drawn_with_the_embedded_font_whatever_the_machine_has()
    {
        Plots.History(TestHistories.Train(epochs: 2)); // registers the font with ScottPlot

        Assert.True(PlotFont.Typeface.GlyphCount > 1000);
        Assert.Same(PlotFont.Typeface, ScottPlot.Fonts.GetTypeface(PlotFont.Family, bold: false, italic: false));
    }

    private static (float X, float Y)[] Vertices(string d)
        => [.. Number().Matches(d).Select(m => float.Parse(m.Value, CultureInfo.InvariantCulture)).Chunk(2).Select(p => (p[0], p[1]))];

    private static bool NearColour(SKBitmap bitmap, int x, int y, ScottPlot.Color colour)
    {
        for (int dy = -2; dy <= 2; dy++)
            for (int dx = -2; dx <= 2; dx++)
            {
                if (x + dx < 0 || y + dy < 0 || x + dx >= bitmap.Width || y + dy >= bitmap.Height) continue;
                SKColor pixel = bitmap.GetPixel(x + dx, y + dy);
                if (Math.Abs(pixel.Red - colour.R) + Math.Abs(pixel.Green - colour.G) + Math.Abs(pixel.Blue - colour.B) < 60) return true;
            }
        return false;
    }

    [GeneratedRegex(@"-?\d+(\.\d+)?(e-?\d+)?")]
    private static partial Regex Number();
}
