namespace Unroll.Plotting;

/// <summary>
/// Writes a picture so that a reader never sees half of it: the bytes go to a temporary file in the
/// same folder, which is then renamed over the target in one step.
/// </summary>
internal static class AtomicWrite
{
    public static void Bytes(string path, ReadOnlySpan<byte> bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Random.Shared.Next():x8}.unroll.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temporary); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    public static void Text(string path, string text) => Bytes(path, new System.Text.UTF8Encoding(false).GetBytes(text));
}
