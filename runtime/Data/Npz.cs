using System.IO.Compression;

namespace Unroll;

/// <summary>
/// Reads NumPy <c>.npz</c> archives (<c>np.savez</c> and <c>np.savez_compressed</c>): a zip file
/// with one <c>.npy</c> member per array, read by <see cref="Npy"/>. Members not ending in
/// <c>.npy</c> are ignored, as NumPy and Keras ignore them.
/// </summary>
public static class Npz
{
    /// <summary>Reads every array of the archive at <paramref name="path"/>, by name (the member name without <c>.npy</c>).</summary>
    /// <exception cref="InvalidDataException">The file is not a zip archive, or a member is not a supported .npy array.</exception>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path));
    }

    /// <summary>Reads every array of the archive in <paramref name="stream"/> (seekable); <paramref name="name"/> names it in messages.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a zip archive, or a member is not a supported .npy array.</exception>
    public static IReadOnlyDictionary<string, NpyArray> Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        ZipArchive archive;
        try { archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{name}: expected a NumPy .npz (zip) archive: {e.Message}", e); }
        using (archive)
        {
            var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
            foreach (ZipArchiveEntry entry in archive.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal)) continue;
                if (entry.Length > Array.MaxLength)
                    throw new InvalidDataException($"{name}: the member {entry.FullName} declares {entry.Length} bytes; expected at most {Array.MaxLength}.");
                string key = entry.FullName[..^".npy".Length];
                try
                {
                    using Stream member = entry.Open();
                    if (!arrays.TryAdd(key, Npy.Read(member, $"{name}/{entry.FullName}")))
                        throw new InvalidDataException($"{name}: the array '{key}' appears twice.");
                }
                catch (InvalidDataException) { throw; }
                catch (IOException e) { throw new InvalidDataException($"{name}/{entry.FullName}: {e.Message}", e); }
            }
            return arrays;
        }
    }

    /// <summary>The array named <paramref name="key"/>, or an error that lists the arrays there are.</summary>
    internal static NpyArray Member(this IReadOnlyDictionary<string, NpyArray> arrays, string key, string name)
        => arrays.TryGetValue(key, out NpyArray? array) ? array
            : throw new InvalidDataException($"{name}: expected an array '{key}', but the archive holds {(arrays.Count == 0 ? "none" : string.Join(", ", arrays.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'")))}.");
}
