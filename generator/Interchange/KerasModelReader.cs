using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.Text;
using Unroll.Generator.Common;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Parsing;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Interchange;

/// <summary>
/// Reads a Keras architecture file into the same <see cref="NetworkSpec"/> the layer attributes
/// give: Keras 3's <c>model.to_json()</c>, Keras 2's, and TensorFlow.js's layers-model
/// <c>model.json</c> (topology under <c>modelTopology</c>, possibly nested in <c>model_config</c>).
/// Every layer or option Unroll does not implement is a diagnostic pointing into the file;
/// bookkeeping keys (trainable, dtype, module, build_config…) are ignored.
/// </summary>
internal sealed class KerasModelReader
{
    private readonly KerasModelRequest _request;
    private readonly string _path;
    private readonly SourceText _text;
    private readonly List<DiagnosticInfo> _diagnostics = [];

    // Keras 2 and TF.js define hard_sigmoid as clip(0.2x + 0.5, 0, 1), Keras 3 as relu6(x + 3) / 6.
    private bool _keras2HardSigmoid;

    private KerasModelReader(KerasModelRequest request, string path, string text)
    {
        _request = request;
        _path = path;
        _text = SourceText.From(text);
    }

    public static StageResult<NetworkSpec> Read(KerasModelRequest? request, ImmutableArray<AdditionalJson> files)
    {
        if (request is null) return new StageResult<NetworkSpec>(null, EquatableArray<DiagnosticInfo>.Empty);
        var diagnostics = new List<DiagnosticInfo>(request.Diagnostics);
        if (request.FilePath.Length == 0) return new StageResult<NetworkSpec>(null, diagnostics.ToEquatableArray()); // UNR0024 already says so
        AdditionalJson? file = Find(request.FilePath, files);
        if (file?.Text is not { } text)
        {
            // A .keras archive or a legacy .h5 reaches the generator through the build's extraction, a JSON file directly.
            string listIt = IsHdf5(request.FilePath) ? $"<UnrollKerasModel Include=\"{request.FilePath}\" /> and a reference to the Unroll.Keras package (whose build task extracts its model_config)"
                : IsArchive(request.FilePath) ? $"<UnrollKerasModel Include=\"{request.FilePath}\" /> (the build extracts its config.json)"
                : $"<AdditionalFiles Include=\"{request.FilePath}\" />";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.KerasModelFileNotFound, request.AttributeLocation, request.FilePath, listIt));
            return new StageResult<NetworkSpec>(null, diagnostics.ToEquatableArray());
        }
        var reader = new KerasModelReader(request, file.Path, text);
        NetworkSpec? spec = null;
        try
        {
            spec = reader.ReadNetwork();
        }
        catch (JsonParseException e)
        {
            reader.Invalid($"the JSON is malformed ({e.Message})", e.Offset);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The base exception: a reader table missing a layer kind fails in a type initialiser, whose own message says only that.
            reader._diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, request.AttributeLocation, request.ClassName, e.GetBaseException().Message));
        }
        diagnostics.AddRange(reader._diagnostics);
        return new StageResult<NetworkSpec>(!diagnostics.HasErrors() ? spec : null, diagnostics.ToEquatableArray());
    }

    /// <summary>The suffix of a <c>.keras</c> archive's or <c>.h5</c> file's architecture, as the build extracts it into obj/unroll/.</summary>
    public const string ExtractedArchiveSuffix = ".json";

    /// <summary>Whether the attribute names a file whose architecture the build extracts (UnrollKerasModel): a Keras 3 archive or a legacy .h5.</summary>
    public static bool IsArchive(string wanted) => wanted.EndsWith(".keras", StringComparison.OrdinalIgnoreCase) || IsHdf5(wanted);

    /// <summary>Whether the attribute names a legacy HDF5 model, whose model_config Unroll.Keras's build task extracts (UnrollKerasModel).</summary>
    public static bool IsHdf5(string wanted)
        => wanted.EndsWith(".h5", StringComparison.OrdinalIgnoreCase) || wanted.EndsWith(".hdf5", StringComparison.OrdinalIgnoreCase);

    // Matches the attribute's path against the end of each AdditionalFiles path, on '/' boundaries. A .keras
    // archive or .h5 file is matched by its extraction, obj/.../unroll/<name>.keras.json (the directory is not kept there).
    private static AdditionalJson? Find(string wanted, ImmutableArray<AdditionalJson> files)
    {
        string normalised = wanted.Replace('\\', '/');
        string suffix = IsArchive(wanted)
            ? "/unroll/" + normalised.Substring(normalised.LastIndexOf('/') + 1) + ExtractedArchiveSuffix
            : "/" + normalised.TrimStart('.', '/');
        foreach (AdditionalJson file in files)
        {
            string path = file.Path.Replace('\\', '/');
            if (path.EndsWith(suffix, StringComparison.Ordinal) || path == wanted) return file;
        }
        return null;
    }

    private NetworkSpec? ReadNetwork()
    {
        JsonNode root = JsonParser.Parse(_text.ToString());
        _keras2HardSigmoid = HardSigmoidIsKeras2(root);
        // TF.js wraps the Keras topology (and the Python converter nests it once more).
        if (root["modelTopology"] is { } topology) root = topology["model_config"] ?? topology;
        string? className = root["class_name"]?.AsString;
        if (className != "Sequential")
        {
            Invalid(className is null ? "it has no class_name (expected a model.to_json() object)" : $"its class_name is '{className}'; Unroll reads Sequential models", root.Start);
            return null;
        }
        JsonNode? config = root["config"];
        JsonArray? layers = (config as JsonArray) ?? (config?["layers"] as JsonArray);
        if (layers is null)
        {
            Invalid("its config has no layers array", (config ?? root).Start);
            return null;
        }

        List<int?>? batchShape = null;
        var specs = new List<LayerSpec>();
        var namer = new LayerNamer();
        foreach (JsonNode layer in layers.Items)
        {
            string? type = layer["class_name"]?.AsString;
            JsonNode layerConfig = layer["config"] ?? layer;
            string fileName = layerConfig["name"]?.AsString ?? type ?? "?";
            // Keras 2 and TF.js put the input shape on the first layer; Keras 3 has an InputLayer.
            batchShape ??= Shape(layerConfig["batch_shape"] ?? layerConfig["batch_input_shape"]);
            if (type == "InputLayer") continue;
            // The one legitimate unknown: a Keras layer Unroll does not implement.
            if (LayerKinds.ByKerasClass(type) is not { } kind)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedKerasLayer, At(layer.Start), _request.FilePath, fileName, type ?? "layer without class_name"));
                continue;
            }
            var layerReader = new LayerReader(this, kind, fileName, namer.Next(kind), layerConfig);
            if (layerReader.Read() is { } spec) specs.Add(spec);
        }
        batchShape ??= Shape(config?["build_input_shape"]);
        if (batchShape is null || batchShape.Count < 2 || batchShape.Skip(1).Any(d => d is not > 0))
        {
            Invalid(batchShape is null ? "it gives no input shape (an InputLayer's batch_shape, or batch_input_shape on the first layer)"
                : $"its input shape [{string.Join(", ", batchShape.Select(d => d?.ToString(CultureInfo.InvariantCulture) ?? "null"))}] needs a batch axis and positive sizes", layers.Start);
            return null;
        }
        if (specs.Count == 0 && _diagnostics.Count == 0)
        {
            Invalid("it has no layers after its input", layers.Start);
            return null;
        }
        return new NetworkSpec(
            _request.Namespace,
            _request.ClassName,
            _request.SourceFile,
            _request.SourceLine,
            Spec.Shape.Of(batchShape.Skip(1).Select(d => d!.Value).ToArray()),
            specs.ToEquatableArray(),
            batchShape[0] ?? 0,
            _request.FilePath,
            _request.BakedWeights,
            _request.BakedWeightsLocation);
    }

    /// <summary>
    /// Whether the file's hard_sigmoid is Keras 2's: a TensorFlow.js model, or a top-level
    /// <c>keras_version</c> (Keras 2's <c>model.to_json()</c> writes it) of 1.x or 2.x. Keras 3
    /// writes no version into the JSON, so a file without one is read as Keras 3.
    /// </summary>
    private static bool HardSigmoidIsKeras2(JsonNode root)
    {
        if (root["modelTopology"] is not null) return true;
        string? version = root["keras_version"]?.AsString;
        if (version is null) return false;
        string major = version.Split('.')[0];
        return major is "1" or "2" || version.StartsWith("tfjs", StringComparison.Ordinal);
    }

    private static List<int?>? Shape(JsonNode? node)
    {
        if (node is not JsonArray array) return null;
        var shape = new List<int?>();
        foreach (JsonNode item in array.Items)
            shape.Add(item.AsNumber is double d && d == Math.Floor(d) && d >= 0 && d <= int.MaxValue ? (int)d : item.IsNull ? null : -1);
        return shape;
    }

    private void Invalid(string problem, int offset)
        => _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.KerasModelInvalid, At(offset), _request.FilePath, problem));

    /// <summary>A location in the model file: the line of <paramref name="offset"/>.</summary>
    private LocationInfo At(int offset)
    {
        offset = Math.Max(0, Math.Min(offset, _text.Length));
        TextLine line = _text.Lines.GetLineFromPosition(offset);
        var span = TextSpan.FromBounds(offset, Math.Max(offset, line.End));
        return new LocationInfo(_path, span, _text.Lines.GetLinePositionSpan(span));
    }

    /// <summary>Reads one layer's config, checking each option against what Unroll implements.</summary>
    private sealed class LayerReader(KerasModelReader owner, LayerKind kind, string fileName, string name, JsonNode config)
    {
        private bool _failed;

        // The class name as the file writes it (the table's spelling), for messages.
        private string Type => kind.KerasClass;

        // Shape diagnostics of a layer read from the file point at its config there.
        private LocationInfo Where => owner.At(config.Start);

        public LayerSpec? Read()
        {
            LayerSpec spec = Readers[kind](this);
            return _failed ? null : spec;
        }

        // One reader per row of the table of kinds; a row without one fails the map's construction.
        private static readonly LayerKindMap<Func<LayerReader, LayerSpec>> Readers = new("Keras model reader", new()
        {
            [LayerKinds.Dense] = r => r.Dense(),
            [LayerKinds.Activation] = r => r.ActivationLayer(),
            [LayerKinds.Flatten] = r => r.Flatten(),
            [LayerKinds.Dropout] = r => r.Dropout(),
            [LayerKinds.Conv2D] = r => r.Conv(2),
            [LayerKinds.Conv1D] = r => r.Conv(1),
            [LayerKinds.MaxPooling2D] = r => r.Pool(2, PoolKind.Max),
            [LayerKinds.AveragePooling2D] = r => r.Pool(2, PoolKind.Average),
            [LayerKinds.MaxPooling1D] = r => r.Pool(1, PoolKind.Max),
            [LayerKinds.GlobalAveragePooling2D] = r => r.GlobalPool(2, PoolKind.Average),
            [LayerKinds.GlobalMaxPooling2D] = r => r.GlobalPool(2, PoolKind.Max),
            [LayerKinds.GlobalAveragePooling1D] = r => r.GlobalPool(1, PoolKind.Average),
            [LayerKinds.Embedding] = r => r.Embedding(),
            [LayerKinds.Lstm] = r => r.Lstm(),
        });

        private DenseSpec Dense()
            => new DenseSpec(name, Where, Positive("units"), Activation("activation"), Bool("use_bias", true),
                    Initializer("kernel_initializer", InitializerKind.GlorotUniform), Initializer("bias_initializer", InitializerKind.Zeros), L2("kernel_regularizer"))
                .Also(() => Absent("bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint"));

        private ActivationSpec ActivationLayer() => new(name, Where, Activation("activation"));

        private FlattenSpec Flatten() => new FlattenSpec(name, Where).Also(() => Expect("data_format", null, "channels_last"));

        private DropoutSpec Dropout() => new DropoutSpec(name, Where, Rate()).Also(() => Absent("noise_shape"));

        private EmbeddingSpec Embedding()
            => new EmbeddingSpec(name, Where, Positive("input_dim"), Positive("output_dim"), Initializer("embeddings_initializer", InitializerKind.RandomUniform))
                .Also(() => { Absent("embeddings_regularizer", "activity_regularizer", "embeddings_constraint"); Expect("mask_zero", null, false); });

        private ConvSpec Conv(int rank)
        {
            var (kh, kw) = Sizes("kernel_size", rank, null);
            var (sh, sw) = Sizes("strides", rank, 1);
            Sizes("dilation_rate", rank, 1, mustBeOne: true);
            Expect("groups", null, 1.0);
            var spec = new ConvSpec(name, Where, rank, Positive("filters"), kh, kw, sh, sw, Padding(), DataFormat(rank),
                Activation("activation"), Bool("use_bias", true), Initializer("kernel_initializer", InitializerKind.GlorotUniform),
                Initializer("bias_initializer", InitializerKind.Zeros), L2("kernel_regularizer"));
            Absent("bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint");
            return spec;
        }

        private PoolSpec Pool(int rank, PoolKind pool)
        {
            var (ph, pw) = Sizes("pool_size", rank, 2);
            var (sh, sw) = config["strides"] is { IsNull: false } ? Sizes("strides", rank, null) : (ph, pw);
            return new PoolSpec(name, Where, rank, pool, false, ph, pw, sh, sw, Padding(), DataFormat(rank));
        }

        private PoolSpec GlobalPool(int rank, PoolKind pool)
        {
            Expect("keepdims", null, false);
            // The whole image is the window; strides 1 as the attribute reader gives, so both readers make equal specs.
            return new PoolSpec(name, Where, rank, pool, true, 0, 0, 1, 1, PaddingKind.Valid, DataFormat(rank));
        }

        private LstmSpec Lstm()
        {
            ActivationKind activation = Activation("activation", ActivationKind.Tanh, recurrent: true);
            ActivationKind recurrentActivation = Activation("recurrent_activation", ActivationKind.Sigmoid, recurrent: true);
            Expect("return_state", null, false);
            Expect("go_backwards", null, false);
            TrainingOnlyDropout("dropout");
            TrainingOnlyDropout("recurrent_dropout");
            Expect("bias_initializer", null, "Zeros");
            Absent("kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint");
            return new LstmSpec(name, Where, Positive("units"), Bool("return_sequences", false),
                Initializer("kernel_initializer", InitializerKind.GlorotUniform), Initializer("recurrent_initializer", InitializerKind.Orthogonal),
                Bool("unit_forget_bias", true), Bool("stateful", false), activation, recurrentActivation, Bool("use_bias", true));
        }

        // An LSTM's dropout acts in training only; Unroll's LSTM has none, so the file's predictions hold and a warning says training differs.
        private void TrainingOnlyDropout(string key)
        {
            JsonNode? node = config[key];
            if (node is null or JsonNull || node.AsNumber == 0.0) return;
            if (node.AsNumber is double d && d > 0 && d < 1)
                owner._diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.KerasTrainingOnlyDropout, owner.At(node.Start), owner._request.FilePath, fileName, Type, key, node.Display));
            else Unsupported(key, node, " (a rate in [0, 1) is needed)");
        }

        private int Positive(string key)
        {
            JsonNode? node = config[key];
            if (node?.AsNumber is double d && d >= 1 && d <= int.MaxValue && d == Math.Floor(d)) return (int)d;
            Unsupported(key, node, " (a positive whole number is needed)");
            return 1;
        }

        private float Rate()
        {
            JsonNode? node = config["rate"];
            if (node?.AsNumber is double d && d >= 0 && d < 1) return (float)d;
            Unsupported("rate", node, " (a rate in [0, 1) is needed)");
            return 0;
        }

        private bool Bool(string key, bool fallback)
        {
            JsonNode? node = config[key];
            if (node is null or JsonNull) return fallback;
            if (node.AsBool is bool b) return b;
            Unsupported(key, node, " (true or false)");
            return fallback;
        }

        private (int, int) Sizes(string key, int rank, int? fallback, bool mustBeOne = false)
        {
            JsonNode? node = config[key];
            List<double>? values = node switch
            {
                JsonNumber n => [n.Value],
                JsonArray a when a.Items.All(i => i is JsonNumber) => a.Items.Select(i => i.AsNumber!.Value).ToList(),
                _ => null,
            };
            if (values is null && fallback is int f && node is null or JsonNull) return (rank == 1 ? 1 : f, f);
            if (values is { Count: > 0 } && values.Count <= rank && values.All(v => v >= 1 && v == Math.Floor(v) && v <= 1 << 20)
                && (!mustBeOne || values.All(v => v == 1)))
            {
                int a = (int)values[0], b = (int)values[values.Count - 1];
                return rank == 1 ? (1, a) : (a, b);
            }
            Unsupported(key, node, mustBeOne ? " (only 1: no dilation)" : $" ({rank} positive whole number{(rank == 1 ? "" : "s")})");
            return (1, 1);
        }

        private PaddingKind Padding()
        {
            // Missing or null is Keras's default; anything but one of the two strings is refused, not defaulted.
            JsonNode? node = config["padding"];
            string? padding = node is null or JsonNull ? "valid" : node.AsString;
            if (padding == "valid") return PaddingKind.Valid;
            if (padding == "same") return PaddingKind.Same;
            Unsupported("padding", config["padding"], " (valid or same)");
            return PaddingKind.Valid;
        }

        private DataFormatKind DataFormat(int rank)
        {
            JsonNode? node = config["data_format"];
            string? format = node is null or JsonNull ? "channels_last" : node.AsString;
            if (format == "channels_last") return DataFormatKind.ChannelsLast;
            if (format == "channels_first" && rank == 2) return DataFormatKind.ChannelsFirst;
            Unsupported("data_format", config["data_format"], rank == 1 ? " (channels_last for 1-D layers)" : "");
            return DataFormatKind.ChannelsLast;
        }

        private ActivationKind Activation(string key, ActivationKind fallback = ActivationKind.Linear, bool recurrent = false)
        {
            JsonNode? node = config[key];
            if (node is null or JsonNull) return fallback;
            if (recurrent && node.AsString == "hard_sigmoid")
                return owner._keras2HardSigmoid ? ActivationKind.HardSigmoidKeras2 : ActivationKind.HardSigmoid;
            if (recurrent && node.AsString is not ("linear" or "relu" or "sigmoid" or "tanh"))
            {
                Unsupported(key, node, " (linear, relu, sigmoid, tanh or hard_sigmoid)");
                return fallback;
            }
            switch (node.AsString)
            {
                case "linear": return ActivationKind.Linear;
                case "relu": return ActivationKind.ReLU;
                case "sigmoid": return ActivationKind.Sigmoid;
                case "tanh": return ActivationKind.Tanh;
                case "softmax": return ActivationKind.Softmax;
                default:
                    Unsupported(key, node, node.AsString == "hard_sigmoid"
                        ? " (linear, relu, sigmoid, tanh or softmax; hard_sigmoid only as an LSTM's activation or recurrent_activation)"
                        : " (linear, relu, sigmoid, tanh or softmax)");
                    return ActivationKind.Linear;
            }
        }

        private InitializerKind Initializer(string key, InitializerKind fallback)
        {
            JsonNode? node = config[key];
            if (node is null or JsonNull) return fallback;
            string? className = node.AsString is { } s ? Pascal(s) : node["class_name"]?.AsString;
            JsonNode? c = node["config"];
            InitializerKind? kind = className switch
            {
                "GlorotUniform" => InitializerKind.GlorotUniform,
                "GlorotNormal" => InitializerKind.GlorotNormal,
                "HeUniform" => InitializerKind.HeUniform,
                "HeNormal" => InitializerKind.HeNormal,
                "Zeros" => InitializerKind.Zeros,
                "Ones" => InitializerKind.Ones,
                "Orthogonal" when NumberOr(c?["gain"], 1) == 1 => InitializerKind.Orthogonal,
                "RandomUniform" when Near(NumberOr(c?["minval"], -0.05), -0.05) && Near(NumberOr(c?["maxval"], 0.05), 0.05) => InitializerKind.RandomUniform,
                // TF.js writes the Glorot and He initialisers as the VarianceScaling they are.
                "VarianceScaling" => (c?["mode"]?.AsString, c?["distribution"]?.AsString, c?["scale"]?.AsNumber) switch
                {
                    ("fan_avg", "uniform", 1.0) => InitializerKind.GlorotUniform,
                    ("fan_avg", "normal" or "truncated_normal", 1.0) => InitializerKind.GlorotNormal,
                    ("fan_in", "uniform", 2.0) => InitializerKind.HeUniform,
                    ("fan_in", "normal" or "truncated_normal", 2.0) => InitializerKind.HeNormal,
                    _ => null,
                },
                _ => null,
            };
            if (kind is { } k) return k;
            Unsupported(key, node["class_name"] ?? node, " (glorot_uniform, glorot_normal, he_uniform, he_normal, zeros, ones, orthogonal, or uniform ±0.05)");
            return fallback;
        }

        private float L2(string key)
        {
            JsonNode? node = config[key];
            if (node is null or JsonNull) return 0f;
            string? className = node["class_name"]?.AsString;
            JsonNode? c = node["config"];
            double l1 = NumberOr(c?["l1"], 0), l2 = NumberOr(c?["l2"], double.NaN);
            if (className is "L2" or "L1L2" && l1 == 0 && l2 >= 0 && !double.IsInfinity(l2)) return (float)l2;
            Unsupported(key, node["class_name"] ?? node, " (only an L2 penalty)");
            return 0f;
        }

        private void Absent(params string[] keys)
        {
            foreach (string key in keys)
                if (config[key] is { IsNull: false } node) Unsupported(key, node, "");
        }

        // The option may be missing or null (a default Unroll has), or equal to the one value Unroll implements.
        private void Expect(string key, string? why, object supported)
        {
            JsonNode? node = config[key];
            if (node is null or JsonNull) return;
            bool ok = supported switch
            {
                string s => node.AsString == s || node["class_name"]?.AsString == s,
                bool b => node.AsBool == b,
                double d => node.AsNumber == d,
                _ => false,
            };
            if (!ok) Unsupported(key, node["class_name"] ?? node, why ?? $" (only {Display(supported)})");
        }

        private static string Display(object value) => value switch
        {
            bool b => b ? "true" : "false",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

        private void Unsupported(string key, JsonNode? node, string hint)
        {
            _failed = true;
            owner._diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedKerasOption, owner.At((node ?? config).Start),
                owner._request.FilePath, fileName, Type, key, node?.Display ?? "(missing)", hint));
        }

        /// <summary>A number option: the fallback when missing or null, NaN (never accepted) when it is not a number.</summary>
        private static double NumberOr(JsonNode? node, double fallback)
            => node is null or JsonNull ? fallback : node.AsNumber ?? double.NaN;

        private static bool Near(double a, double b) => Math.Abs(a - b) < 1e-9;

        private static string Pascal(string snake)
            => string.Concat(snake.Split('_').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p.Substring(1)));
    }
}

