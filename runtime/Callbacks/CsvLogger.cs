using System.Text;

namespace Unroll;

/// <summary>
/// Writes one row per epoch to a CSV file (Keras 3 <c>keras.callbacks.CSVLogger</c>): the header
/// <c>epoch</c> then the logged names sorted, each row the epoch (from 0) and the values as Python
/// writes floats (<c>repr</c>), lines ending in CRLF as Python's csv module ends them. The file is
/// replaced when training begins unless <paramref name="append"/>, in which case rows are added
/// and the header is written only when the file is empty. Each row is on disk when the epoch ends.
/// </summary>
/// <param name="path">The CSV file.</param>
/// <param name="separator">The field separator.</param>
/// <param name="append">Add to an existing file (to continue training) rather than replace it.</param>
public sealed class CsvLogger(string path, char separator = ',', bool append = false) : Callback
{
    private string[]? _keys;
    private bool _writeHeader;

    /// <summary>The CSV file.</summary>
    public string Path { get; } = string.IsNullOrEmpty(path) ? throw new ArgumentException("CsvLogger needs a file path.", nameof(path)) : path;

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        _keys = null;
        if (append)
        {
            _writeHeader = !File.Exists(Path) || new FileInfo(Path).Length == 0 || string.IsNullOrEmpty(FirstLine());
        }
        else
        {
            File.WriteAllText(Path, "");
            _writeHeader = true;
        }
    }

    private string? FirstLine()
    {
        using var reader = new StreamReader(Path);
        return reader.ReadLine();
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        var text = new StringBuilder();
        if (_keys is null)
        {
            _keys = logs.Names.ToArray();
            Array.Sort(_keys, StringComparer.Ordinal); // Python's sorted()
            if (_writeHeader) text.Append("epoch").Append(separator).AppendJoin(separator, _keys).Append("\r\n");
        }
        text.Append(epoch);
        foreach (string key in _keys)
        {
            text.Append(separator);
            text.Append(logs.TryGetValue(key, out float value) ? PythonFormat.Format("{v}", 0, new Logs(["v"], [value], 1)) : "NA");
        }
        text.Append("\r\n");
        File.AppendAllText(Path, text.ToString());
    }
}
