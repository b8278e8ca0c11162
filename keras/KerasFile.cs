namespace Unroll.Keras;

/// <summary>
/// Keras's own files for Unroll networks: <c>.keras</c> archives (Keras 3), <c>.weights.h5</c>
/// (Keras 3 <c>save_weights</c>), and legacy HDF5 <c>.h5</c> files (<c>model.save</c> of Keras 2 and 3,
/// Keras 2 <c>save_weights</c>). The format is told by the file's first bytes, not its extension.
/// </summary>
public static class KerasFile
{
    private static ReadOnlySpan<byte> ZipMagic => "PK\u0003\u0004"u8;
    private static ReadOnlySpan<byte> Hdf5Magic => [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];

    /// <summary>
    /// Reads the weights of a Keras file into <paramref name="model"/>, which must have the file's
    /// architecture. Every weight is checked (shape, finite values) before any changes: on a bad or
    /// mismatched file the network keeps its weights and a <see cref="WeightFileException"/> says
    /// what was expected and what was found. A file whose model uses a layer Unroll lacks is refused.
    /// </summary>
    public static void LoadWeights(Model model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        KerasWeightMapper.Load(model, Read(path), path);
    }

    /// <summary>
    /// Writes the network's weights as Keras 3's <c>model.save_weights("x.weights.h5")</c> does
    /// (<c>layers/&lt;name&gt;/vars/0, 1, …</c>), which Keras 3's <c>load_weights</c> reads into the same
    /// architecture. Written beside the target and renamed into place: a crash never leaves half a file.
    /// </summary>
    public static void SaveWeights(Model model, string path)
        => Write(model, path, KerasWriter.WriteWeights);

    /// <summary>
    /// Writes a Keras 3 <c>.keras</c> archive: <c>metadata.json</c>, <c>config.json</c> (the network's
    /// <see cref="Model.ToJson"/>, Keras 3's <c>to_json</c>) and <c>model.weights.h5</c>, members stored
    /// as Keras stores them, for <c>keras.saving.load_model</c>. Atomic, as <see cref="SaveWeights"/>.
    /// </summary>
    public static void Save(Model model, string path)
        => Write(model, path, KerasWriter.WriteArchive);

    /// <summary>
    /// Writes the weights in the legacy HDF5 layout of Keras 2's <c>save_weights("x.h5")</c>
    /// (<c>&lt;layer&gt;/&lt;layer&gt;/kernel:0</c>, <c>layer_names</c>, <c>weight_names</c>), which
    /// Keras 2 and Keras 3 (<c>load_weights</c> of an <c>.h5</c>) read. Atomic, as <see cref="SaveWeights"/>.
    /// </summary>
    public static void SaveLegacyWeights(Model model, string path)
        => Write(model, path, KerasWriter.WriteLegacyWeights);

    /// <summary>
    /// Writes a legacy full-model HDF5 file, as Keras 3's <c>model.save("x.h5")</c> does: the architecture in the
    /// root attribute <c>model_config</c> (<see cref="Model.ToJson"/>) and the weights under <c>model_weights/</c>,
    /// for Keras 3's <c>keras.models.load_model</c> and for <c>[KerasModel("x.h5")]</c> with Unroll.Keras's build task.
    /// Atomic, as <see cref="SaveWeights"/>.
    /// </summary>
    public static void SaveLegacyModel(Model model, string path)
        => Write(model, path, KerasWriter.WriteLegacyModel);

    // A diverged network is never written over what is usually the last good file.
    private static void Write(Model model, string path, Action<Model, Stream> writer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (model.NonFiniteState(path, includeOptimizer: false) is string message) throw new InvalidOperationException(message);
        AtomicFile.Write(path, stream => writer(model, stream));
    }

    /// <summary>The format of a Keras file, as <see cref="LoadWeights"/> would read it (for messages and tools).</summary>
    public static string Describe(string path) => Read(path).Format;

    /// <summary>The <c>keras_version</c> the file records, or null when it records none.</summary>
    public static string? KerasVersion(string path) => Read(path).KerasVersion;

    internal static KerasWeightSet Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No Keras file at '{path}'.", path);
        using FileStream stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[8];
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        if (read >= 4 && head[..4].SequenceEqual(ZipMagic)) return KerasArchive.Read(stream, path);
        if (read == 8 && head.SequenceEqual(Hdf5Magic)) return KerasHdf5Reader.Read(stream, path);
        throw new WeightFileException(path, "neither a .keras zip nor an HDF5 file (.h5, .weights.h5): its first bytes are not a zip or HDF5 signature.");
    }
}

/// <summary>Keras files as extension methods of <see cref="Model"/>.</summary>
public static class KerasModelExtensions
{
    /// <summary>Reads a Keras file's weights into this network; see <see cref="KerasFile.LoadWeights"/>.</summary>
    public static void LoadKerasWeights(this Model model, string path) => KerasFile.LoadWeights(model, path);

    /// <summary>Writes a Keras 3 <c>.weights.h5</c>; see <see cref="KerasFile.SaveWeights"/>.</summary>
    public static void SaveKerasWeights(this Model model, string path) => KerasFile.SaveWeights(model, path);

    /// <summary>Writes a Keras 3 <c>.keras</c> archive; see <see cref="KerasFile.Save"/>.</summary>
    public static void SaveKeras(this Model model, string path) => KerasFile.Save(model, path);
}
