namespace Unroll.Plotting;

/// <summary>
/// The training curves of one metric, as the Keras tutorials draw them with matplotlib:
/// <code>
/// plt.plot(history.history['loss']); plt.plot(history.history['val_loss'])
/// plt.title('model loss'); plt.ylabel('loss'); plt.xlabel('epoch'); plt.legend(['train', 'validation'])
/// </code>
/// One line for the training value and, when <c>Fit</c> validated, one for <c>val_</c> + metric.
/// Made by <see cref="Plots.History"/>; <see cref="Plot"/> is the ScottPlot figure, to restyle before saving.
/// </summary>
public sealed class HistoryChart
{
    /// <summary>The size a picture gets when none is given (matplotlib's default figure, 6.4 × 4.8 inches at 100 dpi).</summary>
    public const int DefaultWidth = 640, DefaultHeight = 480;

    internal HistoryChart(History history, string metric)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentException.ThrowIfNullOrEmpty(metric);
        Metric = metric;
        PlotFont.RegisterWithScottPlot();

        var curves = new List<HistoryCurve> { Curve(history, metric, "train") };
        string validation = "val_" + metric;
        if (history.Contains(validation)) curves.Add(Curve(history, validation, "validation"));
        Curves = curves.AsReadOnly();

        Plot = new ScottPlot.Plot();
        Plot.Font.Set(PlotFont.Family);
        Plot.Legend.SetBestFontOnEachRender = false; // keep the embedded font; no system font look-up
        foreach (HistoryCurve curve in curves)
        {
            ScottPlot.Plottables.Scatter line = Plot.Add.Scatter(curve.Epochs.ToArray(), curve.Values.ToArray());
            line.LegendText = curve.Label;
            line.LineWidth = 2;
            line.MarkerSize = curves[0].Epochs.Count <= 30 ? 5 : 0; // points help on a short run, clutter a long one
        }
        Plot.Title($"model {metric}");
        Plot.XLabel("epoch");
        Plot.YLabel(metric);
        // matplotlib's plain (not bold) title and axis labels.
        Plot.Axes.Title.Label.Bold = false;
        Plot.Axes.Bottom.Label.Bold = false;
        Plot.Axes.Left.Label.Bold = false;
        Plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true }; // epochs are whole
        Plot.ShowLegend(LegendCorner(curves));
    }

    /// <summary>The metric drawn, by its Keras name (<c>loss</c>, <c>accuracy</c>, …).</summary>
    public string Metric { get; }

    /// <summary>The lines drawn: training first, then validation when there is one.</summary>
    public IReadOnlyList<HistoryCurve> Curves { get; }

    /// <summary>The ScottPlot figure, for styling beyond the defaults before saving.</summary>
    public ScottPlot.Plot Plot { get; }

    /// <summary>The chart as an SVG document.</summary>
    public string ToSvg(int width = DefaultWidth, int height = DefaultHeight)
    {
        CheckSize(width, height);
        return Plot.GetSvgXml(width, height);
    }

    /// <summary>The chart as a PNG image.</summary>
    public byte[] ToPng(int width = DefaultWidth, int height = DefaultHeight)
    {
        CheckSize(width, height);
        return Plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
    }

    /// <summary>Writes the chart as SVG to <paramref name="path"/> (atomically: a reader sees the old file or the whole new one).</summary>
    public void SaveSvg(string path, int width = DefaultWidth, int height = DefaultHeight) => AtomicWrite.Text(path, ToSvg(width, height));

    /// <summary>Writes the chart as PNG to <paramref name="path"/> (atomically).</summary>
    public void SavePng(string path, int width = DefaultWidth, int height = DefaultHeight) => AtomicWrite.Bytes(path, ToPng(width, height));

    /// <summary>Writes SVG or PNG as the extension of <paramref name="path"/> says (<c>.svg</c>, <c>.png</c>).</summary>
    public void Save(string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".svg": SaveSvg(path, width, height); break;
            case ".png": SavePng(path, width, height); break;
            default: throw new ArgumentException($"Cannot tell the picture format of '{path}': name it .svg or .png, or call SaveSvg / SavePng.", nameof(path));
        }
    }

    // An unknown name (or Keras 2's "acc") throws from History with the names there are.
    private static HistoryCurve Curve(History history, string key, string label) => Curve(key, label, history.Epochs, history[key]);

    internal static HistoryCurve Curve(string key, string label, IReadOnlyList<int> epochs, IReadOnlyList<float> values)
    {
        var x = new List<double>(values.Count);
        var y = new List<double>(values.Count);
        for (int i = 0; i < values.Count; i++)
        {
            if (!float.IsFinite(values[i])) continue; // a diverged epoch: no point, rather than an axis scaled to infinity
            x.Add(epochs[i]);
            y.Add(values[i]);
        }
        return new HistoryCurve(key, label, [.. x], [.. y]);
    }

    /// <summary>
    /// matplotlib's <c>loc='best'</c>, simply: the corner of the plot whose quarter-wide, fifth-high box
    /// holds the fewest points (upper right first on a tie), so the legend hides as little as it can.
    /// </summary>
    internal static ScottPlot.Alignment LegendCorner(IReadOnlyList<HistoryCurve> curves)
    {
        double[] xs = [.. curves.SelectMany(c => c.Epochs)], ys = [.. curves.SelectMany(c => c.Values)];
        if (xs.Length == 0) return ScottPlot.Alignment.UpperRight;
        double xMin = xs.Min(), xSpan = Math.Max(xs.Max() - xMin, 1e-12), yMin = ys.Min(), ySpan = Math.Max(ys.Max() - yMin, 1e-12);
        (ScottPlot.Alignment Corner, bool Right, bool Upper)[] corners =
        [
            (ScottPlot.Alignment.UpperRight, true, true), (ScottPlot.Alignment.UpperLeft, false, true),
            (ScottPlot.Alignment.LowerRight, true, false), (ScottPlot.Alignment.LowerLeft, false, false),
        ];
        return corners.MinBy(corner => Enumerable.Range(0, xs.Length).Count(i =>
        {
            double fx = (xs[i] - xMin) / xSpan, fy = (ys[i] - yMin) / ySpan;
            return (corner.Right ? fx >= 0.65 : fx <= 0.35) && (corner.Upper ? fy >= 0.75 : fy <= 0.25);
        })).Corner;
    }

    private static void CheckSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 16);
    }
}
