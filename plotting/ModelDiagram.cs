namespace Unroll.Plotting;

/// <summary>
/// The architecture picture of Keras's <c>plot_model</c>: one box per layer, top to bottom, titled
/// <c>name (Type)</c> (or <c>Type</c>), with the input and output shapes when asked. As Graphviz DOT
/// text (<see cref="ToDot"/>, as Keras's <c>model_to_dot</c>), and drawn here as SVG and PNG without
/// Graphviz. Made by <see cref="Plots.Model"/>; <see cref="Plots.PlotModel"/> writes it in one call.
/// </summary>
public sealed class ModelDiagram
{
    /// <summary>Keras's <c>plot_model</c> default resolution.</summary>
    public const int DefaultDpi = 200;

    private readonly string _name;
    private DiagramLayout? _layout;

    internal ModelDiagram(Model model, bool showShapes, bool showLayerNames)
    {
        ArgumentNullException.ThrowIfNull(model);
        _name = model.Name;
        IReadOnlyList<LayerInfo> layers = model.Layers;
        var nodes = new List<DiagramNode>(layers.Count + 1);
        // Keras draws the InputLayer as the first box of a Sequential model.
        IReadOnlyList<int> input = layers.Count > 0 ? layers[0].InputShape : [model.InputSize];
        nodes.Add(Node("input_layer", "InputLayer", input, input, showShapes, showLayerNames));
        foreach (LayerInfo layer in layers)
            nodes.Add(Node(layer.Name, layer.Type, layer.InputShape, layer.OutputShape, showShapes, showLayerNames));
        Nodes = nodes.AsReadOnly();
    }

    /// <summary>The boxes, top to bottom: the InputLayer, then every layer of <see cref="Model.Layers"/>.</summary>
    public IReadOnlyList<DiagramNode> Nodes { get; }

    private DiagramLayout Layout => _layout ??= DiagramLayout.Of(Nodes);

    /// <summary>Graphviz DOT text (Keras <c>model_to_dot(model).to_string()</c>).</summary>
    public string ToDot(int dpi = DefaultDpi) => DiagramDot.Write(Nodes, _name, dpi);

    /// <summary>The picture as an SVG document (sized in pixels at 96 dpi).</summary>
    public string ToSvg() => DiagramSvg.Write(Layout, _name);

    /// <summary>The picture as a PNG image at <paramref name="dpi"/> (Keras's default 200: about twice the SVG's pixel size).</summary>
    public byte[] ToPng(int dpi = DefaultDpi)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dpi, 24);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dpi, 1200);
        return DiagramPng.Render(Layout, dpi);
    }

    /// <summary>Writes <see cref="ToDot"/> to <paramref name="path"/> (atomically: a reader sees the old file or the whole new one).</summary>
    public void SaveDot(string path, int dpi = DefaultDpi) => AtomicWrite.Text(path, ToDot(dpi));

    /// <summary>Writes <see cref="ToSvg"/> to <paramref name="path"/> (atomically).</summary>
    public void SaveSvg(string path) => AtomicWrite.Text(path, ToSvg());

    /// <summary>Writes <see cref="ToPng"/> to <paramref name="path"/> (atomically).</summary>
    public void SavePng(string path, int dpi = DefaultDpi) => AtomicWrite.Bytes(path, ToPng(dpi));

    /// <summary>Writes PNG, SVG or DOT as the extension of <paramref name="path"/> says (<c>.png</c>, <c>.svg</c>, <c>.dot</c> or <c>.gv</c>), as <c>plot_model(to_file=…)</c>.</summary>
    public void Save(string path, int dpi = DefaultDpi)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".png": SavePng(path, dpi); break;
            case ".svg": SaveSvg(path); break;
            case ".dot" or ".gv": SaveDot(path, dpi); break;
            default: throw new ArgumentException($"Cannot tell the picture format of '{path}': name it .png, .svg or .dot, or call SavePng / SaveSvg / SaveDot.", nameof(path));
        }
    }

    private static DiagramNode Node(string name, string type, IReadOnlyList<int> input, IReadOnlyList<int> output, bool showShapes, bool showLayerNames)
        => new(name, showLayerNames ? $"{name} ({type})" : type,
               showShapes ? LayerInfo.FormatShape(input) : null,
               showShapes ? LayerInfo.FormatShape(output) : null);
}
