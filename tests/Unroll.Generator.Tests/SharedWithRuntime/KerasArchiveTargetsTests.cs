using System.IO.Compression;
using System.Text.Json;
using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.SharedWithRuntime;

/// <summary>
/// <c>[KerasModel("model.keras")]</c> is split between runtime/build/Unroll.targets, whose inline task extracts the
/// archive's config.json (with metadata.json's keras_version) into obj/unroll/model.keras.json, and the generator,
/// which reads that file. The targets file's own code is compiled here and run on real archives written by Keras.
/// </summary>
public sealed class KerasArchiveTargetsTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "keras");

    /// <summary>The inline task of Unroll.targets, compiled once as <c>Run(Source, Config)</c>.</summary>
    private static readonly Lazy<TargetsInlineTask> ExtractTask = new(() => TargetsInlineTask.Compile("UnrollExtractKerasConfig"));

    [Theory]
    [InlineData("keras3_1_mnist_convnet.keras", "3.1.1")]
    [InlineData("keras3_11_mnist_cnn.keras", "3.11.3")]
    public void A_real_archive_gives_its_config_json_plus_its_keras_version(string fileName, string version)
    {
        byte[] archive = File.ReadAllBytes(Path.Combine(Fixtures, fileName));
        string config = Member(archive, "config.json")!;
        Assert.Contains($"\"keras_version\": \"{version}\"", Member(archive, "metadata.json"));

        (string? json, IReadOnlyList<string> errors) = Extract(archive, fileName);

        Assert.Empty(errors);
        Assert.Equal("{\"keras_version\": \"" + version + "\", " + config[1..], json);
        using JsonDocument extracted = JsonDocument.Parse(json!), original = JsonDocument.Parse(config);
        Assert.Equal(version, extracted.RootElement.GetProperty("keras_version").GetString());
        Assert.Equal(
            original.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())),
            extracted.RootElement.EnumerateObject().Where(p => p.Name != "keras_version").Select(p => (p.Name, p.Value.GetRawText())));
    }

    [Fact]
    public void The_generator_reads_what_the_targets_extracted_from_a_real_archive()
    {
        (string? json, _) = Extract(File.ReadAllBytes(Path.Combine(Fixtures, "keras3_1_mnist_convnet.keras")), "mnist_convnet.keras");

        GeneratorResult result = GeneratorHarness.Run(
            "using Unroll;\n[KerasModel(\"models/mnist_convnet.keras\")]\npublic partial class Net;\n",
            ("/project/obj/Debug/net10.0/unroll/mnist_convnet.keras.json", json!));

        result.AssertCompilesCleanly();
        Assert.Contains("from [KerasModel(\"models/mnist_convnet.keras\")]", result.Source.Text);
    }

    [Fact]
    public void A_keras_version_already_in_config_json_is_kept_and_no_metadata_adds_none()
    {
        const string withVersion = """{"class_name": "Sequential", "keras_version": "2.1.3", "config": {"keras_version": "x"}}""";
        (string? kept, _) = Extract(Zip(("config.json", withVersion), ("metadata.json", """{"keras_version": "3.1.1"}""")), "kept.keras");
        Assert.Equal(withVersion, kept);

        const string nested = """{"class_name": "Sequential", "config": {"keras_version": "x", "name": "a\"keras_version\": b"}}""";
        (string? added, _) = Extract(Zip(("config.json", nested), ("metadata.json", """{"date_saved": {"keras_version": "no"}, "keras_version": "3.4.0"}""")), "nested.keras");
        Assert.Equal("{\"keras_version\": \"3.4.0\", " + nested[1..], added);

        (string? alone, _) = Extract(Zip(("config.json", nested)), "alone.keras");
        Assert.Equal(nested, alone);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_a_build_error_naming_it()
    {
        (string? json, IReadOnlyList<string> errors) = Extract("not a zip file"u8.ToArray(), "model.keras");

        Assert.Null(json);
        string error = Assert.Single(errors);
        Assert.EndsWith("model.keras: Unroll: model.keras is not a .keras archive (a zip file): " + ZipProblem(), error);
    }

    [Fact]
    public void A_zip_without_config_json_is_a_build_error_naming_it()
    {
        (string? json, IReadOnlyList<string> errors) = Extract(Zip(("metadata.json", """{"keras_version": "3.1.1"}"""), ("model.weights.h5", "")), "weights_only.keras");

        Assert.Null(json);
        string error = Assert.Single(errors);
        Assert.EndsWith("weights_only.keras: Unroll: weights_only.keras has no config.json, so it is not a Keras 3 .keras archive", error);
    }

    [Fact]
    public void An_HDF5_file_is_left_to_Unroll_Keras_or_is_a_build_error_naming_that_package()
    {
        // Told by its signature, whatever its name (hls4ml ships legacy HDF5 files named .keras).
        byte[] hdf5 = [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n', 0, 0, 0, 0];
        foreach (string name in new[] { "lstm.h5", "model.keras" })
        {
            (string? json, IReadOnlyList<string> errors) = Extract(hdf5, name);
            Assert.Null(json);
            Assert.EndsWith($"{name}: Unroll: {name} is an HDF5 file (a legacy Keras .h5): its architecture is read at build time by the Unroll.Keras package; add <PackageReference Include=\"Unroll.Keras\" />", Assert.Single(errors));

            (string? left, IReadOnlyList<string> none) = Extract(hdf5, name, hdf5Handled: true);
            Assert.Null(left);
            Assert.Empty(none);
        }
    }

    /// <summary>Runs the targets' task on <paramref name="bytes"/> saved as <paramref name="fileName"/>: the JSON it writes (null if none) and its errors.</summary>
    private static (string? Json, IReadOnlyList<string> Errors) Extract(byte[] bytes, string fileName, bool hdf5Handled = false)
    {
        string directory = Directory.CreateTempSubdirectory("unroll-keras-").FullName;
        try
        {
            string source = Path.Combine(directory, fileName);
            File.WriteAllBytes(source, bytes);
            string config = Path.Combine(directory, "obj", "unroll", fileName + ".json");
            (bool succeeded, IReadOnlyList<string> errors) = ExtractTask.Value.Run(source, config, hdf5Handled ? "true" : null);
            Assert.Equal(errors.Count == 0, succeeded);
            Assert.Empty(Directory.GetFiles(directory, "*.tmp", SearchOption.AllDirectories));
            return (File.Exists(config) ? File.ReadAllText(config) : null, errors);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string? Member(byte[] archive, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        if (zip.GetEntry(name) is not { } entry) return null;
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    private static byte[] Zip(params (string Name, string Text)[] members)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            foreach ((string name, string text) in members)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.NoCompression).Open());
                writer.Write(text);
            }
        }
        return stream.ToArray();
    }

    // The runtime's own words for a file without a zip directory, so the test does not pin a localisable message.
    private static string ZipProblem()
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream("not a zip file"u8.ToArray()), ZipArchiveMode.Read);
            return "";
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }
    }
}
