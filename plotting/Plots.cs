namespace Unroll.Plotting;

/// <summary>
/// The pictures of the Keras tutorials: the training curves of a <see cref="Unroll.History"/> and the
/// architecture picture of <c>keras.utils.plot_model</c>.
/// <code>
/// Plots.History(history, "loss").SavePng("loss.png");
/// Plots.PlotModel(model, toFile: "model.png", showShapes: true, showLayerNames: true);
/// </code>
/// </summary>
public static class Plots
{
    /// <summary>
    /// The curves of <paramref name="metric"/> by epoch: the training value and, when Fit validated,
    /// <c>val_</c> + metric (Keras tutorials' <c>plt.plot(history.history['loss'])</c> figure).
    /// </summary>
    public static HistoryChart History(History history, string metric = "loss") => new(history, metric);

    /// <summary>The architecture picture, to save as DOT, SVG or PNG (Keras <c>model_to_dot</c>).</summary>
    public static ModelDiagram Model(Model model, bool showShapes = false, bool showLayerNames = false)
        => new(model, showShapes, showLayerNames);

    /// <summary>
    /// Keras's <c>plot_model(model, to_file, show_shapes, show_layer_names, dpi)</c>, with Keras 3's
    /// defaults: writes the picture to <paramref name="toFile"/> as its extension says (<c>.png</c>,
    /// <c>.svg</c>, <c>.dot</c>), and returns it for other formats.
    /// </summary>
    public static ModelDiagram PlotModel(Model model, string toFile = "model.png", bool showShapes = false, bool showLayerNames = false, int dpi = ModelDiagram.DefaultDpi)
    {
        ModelDiagram diagram = Model(model, showShapes, showLayerNames);
        diagram.Save(toFile, dpi);
        return diagram;
    }
}
