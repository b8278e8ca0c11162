using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using SkiaSharp;

namespace Unroll.Plotting.Tests;

/// <summary>plot_model: the DOT text, and the SVG and PNG drawn without Graphviz.</summary>
public class ModelDiagramTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void The_dot_text_is_keras_model_to_dot_with_a_record_per_layer_top_to_bottom()
    {
        string dot = Plots.Model(new PimaNet(seed: 1), showShapes: true, showLayerNames: true).ToDot();

        Assert.Equal("""
            digraph "PimaNet" {
              graph [rankdir=TB, concentrate=true, dpi=200];
              node [shape=record, fontname="DejaVu Sans"];
              "input_layer" [label="{input_layer (InputLayer)|{Input shape: (None, 8)|Output shape: (None, 8)}}"];
              "dense" [label="{dense (Dense)|{Input shape: (None, 8)|Output shape: (None, 12)}}"];
              "dense_1" [label="{dense_1 (Dense)|{Input shape: (None, 12)|Output shape: (None, 1)}}"];
              "input_layer" -> "dense";
              "dense" -> "dense_1";
            }

            """.Replace("\r\n", "\n"), dot);
    }

    [Fact]
    public void Keras_defaults_show_the_types_only_and_record_syntax_in_a_title_is_escaped()
    {
        string dot = Plots.Model(new PimaNet(seed: 1)).ToDot();
        Assert.Contains("\"dense\" [label=\"Dense\"];", dot);
        Assert.DoesNotContain("shape:", dot);

        string escaped = DiagramDot.Write([new DiagramNode("odd\"id", "a{b|c}<d>", null, null)], "N", 96);
        Assert.Contains("\"odd\\\"id\" [label=\"a\\\\{b\\\\|c\\\\}\\\\<d\\\\>\"];", escaped);
    }

    [SkippableFact]
    public void Graphviz_reads_the_dot_text_when_it_is_installed()
    {
        string? dot = FindOnPath("dot");
        Skip.If(dot is null, "Graphviz's dot is not installed");
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "model.dot");
        Plots.PlotModel(new SmallConvNet(seed: 1), toFile: path, showShapes: true, showLayerNames: true);

        var run = Process.Start(new ProcessStartInfo(dot, ["-Tsvg", path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = run.StandardOutput.ReadToEnd();
        string errors = run.StandardError.ReadToEnd();
        run.WaitForExit();

        Assert.True(run.ExitCode == 0 && errors.Length == 0, $"dot exited {run.ExitCode}: {errors}");
        Assert.Equal(5, XDocument.Parse(output).Descendants(Svg + "g").Count(g => (string?)g.Attribute("class") == "node"));
    }

    [Fact]
    public void The_svg_parses_with_a_box_per_layer_its_title_and_shapes_and_an_arrow_between_each_pair()
    {
        var net = new SmallConvNet(seed: 1);
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "model.svg");

        Plots.PlotModel(net, toFile: path, showShapes: true, showLayerNames: true);

        XDocument svg = XDocument.Load(path);
        XElement[] boxes = [.. svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "layer")];
        Assert.Equal(["input_layer", "conv2d", "max_pooling2d", "flatten", "dense"], boxes.Select(b => (string?)b.Attribute("id")));
        Assert.Equal(4, svg.Descendants(Svg + "g").Count(g => (string?)g.Attribute("class") == "edge"));
        string[] texts = [.. svg.Descendants(Svg + "text").Select(t => t.Value)];
        Assert.Equal(["input_layer (InputLayer)", "conv2d (Conv2D)", "max_pooling2d (MaxPooling2D)", "flatten (Flatten)", "dense (Dense)"],
            texts.Where(t => t.Contains(" (", StringComparison.Ordinal) && !t.StartsWith('(')));
        Assert.Equal(["(None, 8, 8, 1)", "(None, 8, 8, 1)", "(None, 8, 8, 1)", "(None, 6, 6, 4)", "(None, 6, 6, 4)", "(None, 3, 3, 4)",
                      "(None, 3, 3, 4)", "(None, 36)", "(None, 36)", "(None, 3)"], texts.Where(t => t.StartsWith("(None", StringComparison.Ordinal)));

        // Boxes stack downwards without overlapping, and every text lies inside the picture.
        float[] tops = [.. boxes.Select(b => Number(b.Elements(Svg + "rect").First(), "y"))];
        Assert.Equal(tops.Order(), tops);
        float width = Number(svg.Root!, "width"), height = Number(svg.Root!, "height");
        Assert.All(svg.Descendants(Svg + "text"), t => Assert.InRange(Number(t, "y"), 0, height));
        Assert.All(svg.Descendants(Svg + "rect").Skip(1), r => Assert.InRange(Number(r, "x") + Number(r, "width"), 0, width));
    }

    [Fact]
    public void Without_shapes_a_box_is_its_title_only()
    {
        XDocument svg = XDocument.Parse(Plots.Model(new PimaNet(seed: 1), showShapes: false, showLayerNames: true).ToSvg());

        Assert.Equal(["input_layer (InputLayer)", "dense (Dense)", "dense_1 (Dense)"], svg.Descendants(Svg + "text").Select(t => t.Value));
        Assert.Empty(svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "layer").Descendants(Svg + "line"));
    }

    [Fact]
    public void The_png_decodes_at_the_svg_size_scaled_to_the_dpi_with_ink_in_every_box()
    {
        ModelDiagram diagram = Plots.Model(new PimaNet(seed: 1), showShapes: true, showLayerNames: true);
        XDocument svg = XDocument.Parse(diagram.ToSvg());
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "model.png");

        diagram.SavePng(path, dpi: 192);

        using SKBitmap bitmap = SKBitmap.Decode(File.ReadAllBytes(path)) ?? throw new Xunit.Sdk.XunitException("the PNG does not decode");
        Assert.Equal(((int)Number(svg.Root!, "width") * 2, (int)Number(svg.Root!, "height") * 2), (bitmap.Width, bitmap.Height));
        // Each title row holds dark text on its light fill.
        foreach (XElement title in svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "layer").Select(g => g.Elements(Svg + "rect").First()))
        {
            int x0 = (int)(Number(title, "x") * 2) + 4, y0 = (int)(Number(title, "y") * 2) + 4;
            int x1 = (int)((Number(title, "x") + Number(title, "width")) * 2) - 4, y1 = (int)((Number(title, "y") + Number(title, "height")) * 2) - 4;
            int dark = 0;
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++)
                    if (bitmap.GetPixel(x, y).Red < 100) dark++;
            Assert.True(dark > 100, $"only {dark} dark pixels in the title box at ({x0}, {y0})");
        }
    }

    [Fact]
    public void Plot_model_writes_the_format_its_file_name_says_and_refuses_others()
    {
        using var temp = new TempFolder();
        string folder = temp.Path;
        var net = new PimaNet(seed: 1);

        Plots.PlotModel(net, toFile: Path.Combine(folder, "model.png"));
        Plots.PlotModel(net, toFile: Path.Combine(folder, "model.gv"));

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(folder, "model.png"))[..4]);
        Assert.StartsWith("digraph", File.ReadAllText(Path.Combine(folder, "model.gv")), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Plots.PlotModel(net, toFile: Path.Combine(folder, "model.pdf")));
        Assert.Equal(["model.gv", "model.png"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private static float Number(XElement element, string attribute)
        => float.Parse((string)element.Attribute(attribute)!, CultureInfo.InvariantCulture);

    private static string? FindOnPath(string tool)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, tool)).FirstOrDefault(File.Exists);
}
