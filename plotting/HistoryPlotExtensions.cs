namespace Unroll.Plotting;

/// <summary>One-call pictures of a <see cref="History"/>: <c>history.PlotToPng("loss.png")</c>.</summary>
public static class HistoryPlotExtensions
{
    /// <summary>Writes the <paramref name="metric"/> curves (train and validation) as PNG; see <see cref="Plots.History"/>.</summary>
    public static void PlotToPng(this History history, string path, string metric = "loss", int width = HistoryChart.DefaultWidth, int height = HistoryChart.DefaultHeight)
        => Plots.History(history, metric).SavePng(path, width, height);

    /// <summary>Writes the <paramref name="metric"/> curves (train and validation) as SVG; see <see cref="Plots.History"/>.</summary>
    public static void PlotToSvg(this History history, string path, string metric = "loss", int width = HistoryChart.DefaultWidth, int height = HistoryChart.DefaultHeight)
        => Plots.History(history, metric).SaveSvg(path, width, height);
}
