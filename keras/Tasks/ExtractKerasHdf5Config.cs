using System.Text;
using System.Text.Json;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using PureHDF;
using PureHDF.VOL.Native;

namespace Unroll.Keras.Tasks;

/// <summary>
/// <c>[KerasModel("model.h5")]</c>: extracts the architecture of a legacy Keras HDF5 model (<c>model.save("x.h5")</c> of
/// Keras 2 or 3), the root attribute <c>model_config</c>, into <see cref="Config"/> (obj/unroll/model.h5.json), with
/// the root's <c>keras_version</c> added at the top level (it decides Keras 2 or 3 semantics), as Unroll.targets does
/// for a <c>.keras</c> archive. Files that are not HDF5 are left to Unroll.targets, which reads zips and refuses the rest.
/// </summary>
public sealed class ExtractKerasHdf5Config : Microsoft.Build.Utilities.Task
{
    private static ReadOnlySpan<byte> Hdf5Magic => [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];

    /// <summary>The Keras file listed as an UnrollKerasModel item.</summary>
    [Required]
    public string Source { get; set; } = "";

    /// <summary>Where the architecture JSON goes, for the generator to read as an AdditionalFile.</summary>
    [Required]
    public string Config { get; set; } = "";

    public override bool Execute()
    {
        string name = Path.GetFileName(Source);
        if (!IsHdf5(Source)) return true;
        string? config, version;
        try
        {
            using NativeFile file = H5File.OpenRead(Source);
            config = StringAttribute(file, "model_config");
            version = StringAttribute(file, "keras_version");
        }
        catch (Exception e)
        {
            return Error($"{name} is not an HDF5 file that Unroll can read: {e.Message}");
        }
        if (config is null)
            return Error($"{name} has no model_config attribute, so it holds no architecture (a weights-only file, as Keras's save_weights writes, has none). "
                + "[KerasModel] needs what model.save wrote (a .keras archive or a legacy full-model .h5) or a model.to_json() file; "
                + "or declare the layers with attributes and load the file's weights at run time with LoadKerasWeights.");

        string text = config;
        try
        {
            using JsonDocument document = JsonDocument.Parse(config);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return Error($"{name}'s model_config is not a JSON object (a model.to_json()), but a {document.RootElement.ValueKind}.");
            if (version is not null && !document.RootElement.TryGetProperty("keras_version", out _))
            {
                int open = config.IndexOf('{');
                bool empty = config[(open + 1)..].TrimStart().StartsWith('}');
                text = config[..(open + 1)] + "\"keras_version\": " + JsonSerializer.Serialize(version) + (empty ? "" : ", ") + config[(open + 1)..];
            }
        }
        catch (JsonException e)
        {
            return Error($"{name}'s model_config is not JSON: {e.Message}");
        }
        WriteIfChanged(Config, text);
        return true;
    }

    private static bool IsHdf5(string path)
    {
        Span<byte> head = stackalloc byte[8];
        using FileStream stream = File.OpenRead(path);
        return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(Hdf5Magic);
    }

    // A scalar string attribute of the root group (variable or fixed length, ASCII or UTF-8), or null when absent.
    private static string? StringAttribute(NativeFile file, string name)
    {
        if (!file.AttributeExists(name)) return null;
        IH5Attribute attribute = file.Attribute(name);
        if (attribute.Type.Class is not (H5DataTypeClass.String or H5DataTypeClass.VariableLength)) return null;
        return attribute.Space.Dimensions.Length == 0 ? attribute.Read<string>() : attribute.Read<string[]>().FirstOrDefault();
    }

    // Written beside and moved into place, so a build never reads half a file; unchanged text is only touched (for the target's Outputs).
    private static void WriteIfChanged(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return;
        }
        string partial = path + ".tmp";
        File.WriteAllText(partial, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(partial, path, overwrite: true);
    }

    private bool Error(string message)
    {
        Log.LogError(null, null, null, Source, 0, 0, 0, 0, "Unroll: " + message);
        return false;
    }
}
