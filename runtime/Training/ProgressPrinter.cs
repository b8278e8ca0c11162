using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Unroll;

/// <summary>
/// Keras-style training output. Verbose 1: a progress bar redrawn in place on a terminal (only
/// the finished bar when the output is redirected); verbose 2: one line per epoch.
/// </summary>
internal sealed class ProgressPrinter
{
    private const int BarWidth = 20;
    private static readonly long RedrawInterval = Stopwatch.Frequency / 20;
    private readonly TextWriter _writer;
    private readonly int _verbose;
    private readonly bool _interactive;
    private readonly int _steps;
    private readonly int _metricCount;
    private readonly string[] _names;
    private readonly int[] _printOrder;
    private long _epochStart, _lastDraw;

    public ProgressPrinter(TextWriter writer, int verbose, bool interactive, int steps, string[] names, int metricCount)
    {
        _writer = writer;
        _verbose = verbose;
        _interactive = interactive;
        _steps = steps;
        _names = names;
        _metricCount = metricCount;
        // Keras 3 prints logs sorted by name (accuracy, loss, val_accuracy, val_loss).
        _printOrder = Enumerable.Range(0, names.Length).OrderBy(i => names[i], StringComparer.Ordinal).ToArray();
    }

    public void BeginEpoch(int epoch, int epochs)
    {
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Epoch {epoch + 1}/{epochs}"));
        _epochStart = _lastDraw = Stopwatch.GetTimestamp();
    }

    public void Step(int step, EpochRunner runner)
    {
        if (_verbose != 1 || !_interactive || step == _steps) return;
        long now = Stopwatch.GetTimestamp();
        if (now - _lastDraw < RedrawInterval) return;
        _lastDraw = now;
        var values = new float[_metricCount];
        for (int i = 0; i < values.Length; i++) values[i] = runner.Mean(i);
        _writer.Write('\r' + Line(step, values, now));
        _writer.Flush();
    }

    /// <summary>Ends a half-drawn progress bar, so that a message can take a line of its own.</summary>
    public void Interrupt()
    {
        if (_interactive && _verbose == 1) _writer.WriteLine();
    }

    /// <summary>Ends the epoch's line; <paramref name="stepsRun"/> is fewer than the epoch's steps when a callback stopped training in it.</summary>
    public void EndEpoch(float[] values, int stepsRun)
    {
        string line = Line(stepsRun, values, Stopwatch.GetTimestamp());
        _writer.WriteLine(_interactive && _verbose == 1 ? "\r" + line : line);
        _writer.Flush();
    }

    private string Line(int step, float[] values, long now)
    {
        double seconds = (now - _epochStart) / (double)Stopwatch.Frequency;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{step}/{_steps}");
        if (_verbose == 1)
        {
            int done = (int)((long)BarWidth * step / _steps);
            text.Append(' ').Append('━', done).Append('─', BarWidth - done)
                .Append(CultureInfo.InvariantCulture, $" {seconds:0}s {PerStep(seconds / step)}");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $" - {seconds:0}s - {PerStep(seconds / step)}");
        }
        foreach (int i in _printOrder)
            if (i < values.Length)
                text.Append(CultureInfo.InvariantCulture, $" - {_names[i]}: {values[i]:0.0000}");
        return text.ToString();
    }

    private static string PerStep(double seconds) => seconds >= 1e-3
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds * 1e3:0}ms/step")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds * 1e6:0}us/step");
}
