using System.Globalization;
using System.Buffers;
using System.Text;

namespace Unroll;

/// <summary>
/// Writes a file so that a crash never leaves a half-written file where a good one was: the
/// bytes go to a temporary file in the same folder, are flushed to disk, then renamed into place.
/// Temporary files are named <c>.{target}.{8 hex digits}.unroll.tmp</c>; those a killed process
/// left behind for the same target are deleted by the next write to it (once a minute old).
/// </summary>
internal static class AtomicFile
{
    public const string Suffix = ".unroll.tmp";

    private const int MaxNameBytes = 255; // NAME_MAX of Linux and macOS file systems, NTFS's 255 UTF-16 units
    private const int RandomDigits = 8;

    // Younger temporary files are left alone even when unlocked: a writer that has just created
    // its file may not hold the lock on it yet.
    internal static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");

    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(folder);
        string stem = TemporaryStem(Path.GetFileName(full));
        DeleteStale(folder, stem);
        // Same folder: a rename within one file system replaces the target in one step.
        (FileStream stream, string temporary) = CreateTemporary(folder, stem);
        try
        {
            // The stream stays open (and so locked against DeleteStale of another writer) until
            // the rename is done; FileShare.Delete lets Windows rename an open file.
            using (stream)
            {
                write(stream);
                stream.Flush(flushToDisk: true);
                File.Move(temporary, full, overwrite: true);
            }
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// The part of the temporary names that identifies the target: <c>.{name}</c>, or for a name
    /// too long to take the suffix, its start and a hash of the whole name.
    /// </summary>
    internal static string TemporaryStem(string name)
    {
        int room = MaxNameBytes - (1 + RandomDigits + Suffix.Length);
        string stem = "." + name;
        if (Encoding.UTF8.GetByteCount(stem) <= room) return stem;
        string hash = Crc32.Compute(Encoding.UTF8.GetBytes(name)).ToString("x8", CultureInfo.InvariantCulture);
        int keep = stem.Length;
        while (Encoding.UTF8.GetByteCount(stem.AsSpan(0, keep)) > room - 1 - hash.Length) keep--;
        if (keep > 0 && char.IsHighSurrogate(stem[keep - 1])) keep--; // never split a surrogate pair
        return stem[..keep] + "~" + hash;
    }

    private static (FileStream, string) CreateTemporary(string folder, string stem)
    {
        for (int attempt = 0; ; attempt++)
        {
            string temporary = Path.Combine(folder, $"{stem}.{Random.Shared.Next():x8}{Suffix}");
            try
            {
                return (new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.Delete, 1 << 16), temporary);
            }
            catch (IOException) when (attempt < 8 && File.Exists(temporary)) { } // name taken: draw another
        }
    }

    // A temporary file of this target that no writer holds open, and that nothing wrote to for
    // StaleAfter, was left by a process that died mid-write; opening it exclusively fails while
    // its writer still has it.
    private static void DeleteStale(string folder, string stem)
    {
        IEnumerable<string> candidates;
        // Filtered here, not by a pattern: a file name may itself contain '*' or '?'.
        try { candidates = Directory.EnumerateFiles(folder, "*" + Suffix); }
        catch (IOException) { return; }
        catch (UnauthorizedAccessException) { return; }
        foreach (string candidate in candidates)
        {
            string name = Path.GetFileName(candidate);
            if (name.Length != stem.Length + 1 + RandomDigits + Suffix.Length || !name.StartsWith(stem + ".", StringComparison.Ordinal)
                || name.AsSpan(stem.Length + 1, RandomDigits).ContainsAnyExcept(HexDigits)) continue; // another target's
            try
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(candidate) < StaleAfter) continue;
                using var claim = new FileStream(candidate, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) { } // in use by a live writer, or already gone
            catch (UnauthorizedAccessException) { }
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
