using System.IO.Compression;
using System.Text;

namespace Unroll.Keras;

/// <summary>
/// A Keras 3 <c>.keras</c> file: a zip of <c>metadata.json</c> (<c>keras_version</c>),
/// <c>config.json</c> (the architecture) and <c>model.weights.h5</c> (Keras 3 native weights).
/// </summary>
internal static class KerasArchive
{
    public const string Config = "config.json";
    public const string Metadata = "metadata.json";
    public const string Weights = "model.weights.h5";

    // Limits against a hostile zip: members are read whole into memory.
    private const long MaxJsonBytes = 64L << 20;
    private const long MaxWeightBytes = 2L << 30;

    public static KerasWeightSet Read(Stream zip, string source)
    {
        ZipArchive archive;
        try { archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException e) { throw new WeightFileException(source, $"not a valid .keras zip ({e.Message}).", e); }
        using (archive)
        {
            string? metadata = ReadText(archive, Metadata, source);
            string? config = ReadText(archive, Config, source);
            ZipArchiveEntry weights = archive.GetEntry(Weights)
                ?? throw new WeightFileException(source, $"the archive has no '{Weights}' (members: {string.Join(", ", archive.Entries.Select(e => e.FullName))}).");
            if (weights.Length > MaxWeightBytes) throw new WeightFileException(source, $"'{Weights}' holds {weights.Length} bytes, more than Unroll reads.");
            var buffer = new MemoryStream(checked((int)weights.Length));
            using (Stream member = weights.Open()) member.CopyTo(buffer);
            buffer.Position = 0;
            string? version = metadata is null ? null : KerasConfig.Version(metadata);
            IReadOnlyList<(string, string)> layers = config is null ? [] : KerasConfig.Layers(config, source);
            KerasWeightSet set = KerasHdf5Reader.Read(buffer, source + "!" + Weights, version, layers);
            return set with { Format = $".keras archive (Keras {version ?? "version unknown"})" };
        }
    }

    private static string? ReadText(ZipArchive archive, string name, string source)
    {
        if (archive.GetEntry(name) is not { } entry) return null;
        if (entry.Length > MaxJsonBytes) throw new WeightFileException(source, $"'{name}' holds {entry.Length} bytes, more than Unroll reads.");
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
