using SkiaSharp;

namespace Unroll.Plotting;

/// <summary>
/// The one typeface every picture uses: DejaVu Sans, embedded in this assembly. A server or CI
/// machine may have no fonts at all (Skia then draws no text, silently), and a font picked from the
/// system would make the same picture differ from machine to machine.
/// </summary>
internal static class PlotFont
{
    /// <summary>The family name ScottPlot is asked for, and that SVG text names.</summary>
    public const string Family = "DejaVu Sans";

    private const string Resource = "Unroll.Plotting.Fonts.DejaVuSans.ttf";
    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>The embedded typeface (shared; Skia typefaces are immutable and thread-safe).</summary>
    public static SKTypeface Typeface { get; } = Load();

    /// <summary>Makes ScottPlot resolve <see cref="Family"/> to the embedded typeface (once per process).</summary>
    public static void RegisterWithScottPlot()
    {
        lock (Gate)
        {
            if (_registered) return;
            // First in the list: ScottPlot asks its resolvers in order and takes the first typeface.
            ScottPlot.Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver());
            _registered = true;
        }
    }

    private static SKTypeface Load()
    {
        using Stream stream = typeof(PlotFont).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The embedded font {Resource} is missing from {typeof(PlotFont).Assembly.GetName().Name}.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"The embedded font {Resource} could not be read.");
    }

    // Bold and italic requests get the regular face too (the pictures use neither).
    private sealed class EmbeddedFontResolver : ScottPlot.IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic)
            => fontName == Family ? Typeface : null;

        public SKTypeface? CreateTypeface(string fontName, ScottPlot.FontWeight weight, ScottPlot.FontSlant slant, ScottPlot.FontSpacing spacing)
            => fontName == Family ? Typeface : null;
    }
}
