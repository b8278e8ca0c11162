using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Unroll.Generator.Shapes;
using Unroll.Generator.Spec;

namespace Unroll.Generator.Interchange;

/// <summary>
/// Writes a network in the form of Keras 3's <c>model.to_json()</c>: a Sequential with an
/// InputLayer and one <c>{module, class_name, config, registered_name, build_config}</c> object per layer,
/// Keras names and defaults throughout, spaced as Python's <c>json.dumps</c> spaces them.
/// <see cref="KerasModelReader"/> reads it back into the same network.
/// </summary>
internal static class KerasJsonWriter
{
    public static string Write(ShapedNetwork shaped)
    {
        NetworkSpec network = shaped.Spec;
        var w = new Writer();
        List<int?> inputShape = [network.BatchSize > 0 ? network.BatchSize : null, .. network.Input.Dimensions.Select(d => (int?)d)];
        w.Open();
        w.Key("module").Str("keras");
        w.Key("class_name").Str("Sequential");
        w.Key("config").Open();
        w.Key("name").Str("sequential");
        w.Key("trainable").Bool(true);
        DType(w);
        w.Key("layers").OpenArray();
        w.Item().Open();
        w.Key("module").Str("keras.layers");
        w.Key("class_name").Str("InputLayer");
        w.Key("config").Open();
        w.Key("batch_shape").Shape(inputShape);
        w.Key("dtype").Str(network.Layers.Count > 0 && network.Layers[0] is EmbeddingSpec ? "int32" : "float32");
        w.Key("sparse").Bool(false);
        w.Key("ragged").Bool(false);
        w.Key("name").Str("input_layer");
        w.Close();
        w.Key("registered_name").Null();
        w.Close();
        foreach (ShapedLayer shapedLayer in shaped.Layers)
        {
            LayerSpec layer = shapedLayer.Spec;
            w.Item().Open();
            w.Key("module").Str("keras.layers");
            w.Key("class_name").Str(layer.KerasType);
            w.Key("config").Open();
            w.Key("name").Str(layer.Name);
            w.Key("trainable").Bool(true);
            DType(w);
            layer.Accept(new Config(w));
            w.Close();
            w.Key("registered_name").Null();
            w.Key("build_config").Open().Key("input_shape").Shape([inputShape[0], .. shapedLayer.Input.Dimensions.Select(d => (int?)d)]).Close();
            w.Close();
        }
        w.CloseArray();
        w.Key("build_input_shape").Shape(inputShape);
        w.Close();
        w.Key("registered_name").Null();
        // Keras 2's hard_sigmoid differs from Keras 3's: the version tells the reader which one (Keras 3 writes none).
        if (network.Layers.Any(l => l is LstmSpec { Activation: ActivationKind.HardSigmoidKeras2 } or LstmSpec { RecurrentActivation: ActivationKind.HardSigmoidKeras2 }))
            w.Key("keras_version").Str("2");
        w.Close();
        return w.ToString();
    }

    /// <summary>Writes a layer's own config keys, Keras's for its class, after the name, trainable and dtype every layer has.</summary>
    private sealed class Config(Writer w) : ILayerVisitor<Writer>
    {
        public Writer Dense(DenseSpec d)
        {
            w.Key("units").Int(d.Units);
            w.Key("activation").Str(KerasNames.Of(d.Activation));
            w.Key("use_bias").Bool(d.UseBias);
            w.Key("kernel_initializer"); Initializer(w, d.KernelInitializer);
            w.Key("bias_initializer"); Initializer(w, d.BiasInitializer);
            w.Key("kernel_regularizer"); Regularizer(w, d.L2);
            w.Key("bias_regularizer").Null();
            w.Key("kernel_constraint").Null();
            return w.Key("bias_constraint").Null();
        }

        public Writer Activation(ActivationSpec a) => w.Key("activation").Str(KerasNames.Of(a.Function));

        public Writer Dropout(DropoutSpec d)
        {
            w.Key("rate").Float(d.Rate);
            w.Key("seed").Null();
            return w.Key("noise_shape").Null();
        }

        public Writer Flatten(FlattenSpec f) => w.Key("data_format").Str("channels_last");

        public Writer Conv(ConvSpec c)
        {
            w.Key("filters").Int(c.Filters);
            w.Key("kernel_size").Ints(c.Rank == 1 ? [c.KernelWidth] : [c.KernelHeight, c.KernelWidth]);
            w.Key("strides").Ints(c.Rank == 1 ? [c.StrideWidth] : [c.StrideHeight, c.StrideWidth]);
            w.Key("padding").Str(c.Padding == PaddingKind.Same ? "same" : "valid");
            w.Key("data_format").Str(DataFormat(c.DataFormat));
            w.Key("dilation_rate").Ints(c.Rank == 1 ? [1] : [1, 1]);
            w.Key("groups").Int(1);
            w.Key("activation").Str(KerasNames.Of(c.Activation));
            w.Key("use_bias").Bool(c.UseBias);
            w.Key("kernel_initializer"); Initializer(w, c.KernelInitializer);
            w.Key("bias_initializer"); Initializer(w, c.BiasInitializer);
            w.Key("kernel_regularizer"); Regularizer(w, c.L2);
            w.Key("bias_regularizer").Null();
            w.Key("activity_regularizer").Null();
            w.Key("kernel_constraint").Null();
            return w.Key("bias_constraint").Null();
        }

        public Writer Pool(PoolSpec p)
        {
            if (p.Global)
            {
                w.Key("data_format").Str(DataFormat(p.DataFormat));
                return w.Key("keepdims").Bool(false);
            }
            w.Key("pool_size").Ints(p.Rank == 1 ? [p.PoolWidth] : [p.PoolHeight, p.PoolWidth]);
            w.Key("padding").Str(p.Padding == PaddingKind.Same ? "same" : "valid");
            w.Key("strides").Ints(p.Rank == 1 ? [p.StrideWidth] : [p.StrideHeight, p.StrideWidth]);
            return w.Key("data_format").Str(DataFormat(p.DataFormat));
        }

        public Writer Embedding(EmbeddingSpec e)
        {
            w.Key("input_dim").Int(e.InputDim);
            w.Key("output_dim").Int(e.OutputDim);
            w.Key("embeddings_initializer"); Initializer(w, e.Initializer);
            w.Key("embeddings_regularizer").Null();
            w.Key("activity_regularizer").Null();
            w.Key("embeddings_constraint").Null();
            return w.Key("mask_zero").Bool(false);
        }

        public Writer Lstm(LstmSpec l)
        {
            w.Key("return_sequences").Bool(l.ReturnSequences);
            w.Key("return_state").Bool(false);
            w.Key("go_backwards").Bool(false);
            w.Key("stateful").Bool(l.Stateful);
            w.Key("unroll").Bool(false);
            w.Key("units").Int(l.Units);
            w.Key("activation").Str(KerasNames.Of(l.Activation));
            w.Key("recurrent_activation").Str(KerasNames.Of(l.RecurrentActivation));
            w.Key("use_bias").Bool(l.UseBias);
            w.Key("kernel_initializer"); Initializer(w, l.KernelInitializer);
            w.Key("recurrent_initializer"); Initializer(w, l.RecurrentInitializer);
            w.Key("bias_initializer"); Initializer(w, InitializerKind.Zeros);
            w.Key("unit_forget_bias").Bool(l.UnitForgetBias);
            w.Key("kernel_regularizer").Null();
            w.Key("recurrent_regularizer").Null();
            w.Key("bias_regularizer").Null();
            w.Key("activity_regularizer").Null();
            w.Key("kernel_constraint").Null();
            w.Key("recurrent_constraint").Null();
            w.Key("bias_constraint").Null();
            w.Key("dropout").Float(0f);
            w.Key("recurrent_dropout").Float(0f);
            return w.Key("seed").Null();
        }
    }

    private static string DataFormat(DataFormatKind format) => format == DataFormatKind.ChannelsFirst ? "channels_first" : "channels_last";

    private static void DType(Writer w)
    {
        w.Key("dtype").Open();
        w.Key("module").Str("keras");
        w.Key("class_name").Str("DTypePolicy");
        w.Key("config").Open().Key("name").Str("float32").Close();
        w.Key("registered_name").Null();
        w.Close();
    }

    /// <summary>Keras class names of the initialisers, with their default configs.</summary>
    public static string InitializerClass(InitializerKind kind) => kind switch
    {
        InitializerKind.GlorotUniform => "GlorotUniform",
        InitializerKind.GlorotNormal => "GlorotNormal",
        InitializerKind.HeUniform => "HeUniform",
        InitializerKind.HeNormal => "HeNormal",
        InitializerKind.Zeros => "Zeros",
        InitializerKind.Ones => "Ones",
        InitializerKind.RandomUniform => "RandomUniform",
        InitializerKind.Orthogonal => "Orthogonal",
        _ => throw new System.ArgumentOutOfRangeException(nameof(kind), kind, "An initialiser without a Keras class."),
    };

    private static void Initializer(Writer w, InitializerKind kind)
    {
        w.Open();
        w.Key("module").Str("keras.initializers");
        w.Key("class_name").Str(InitializerClass(kind));
        w.Key("config").Open();
        switch (kind)
        {
            case InitializerKind.Zeros or InitializerKind.Ones:
                break;
            case InitializerKind.RandomUniform:
                w.Key("minval").Float(-0.05f).Key("maxval").Float(0.05f).Key("seed").Null();
                break;
            case InitializerKind.Orthogonal:
                w.Key("gain").Float(1f).Key("seed").Null();
                break;
            default:
                w.Key("seed").Null();
                break;
        }
        w.Close();
        w.Key("registered_name").Null();
        w.Close();
    }

    private static void Regularizer(Writer w, float l2)
    {
        if (l2 == 0)
        {
            w.Null();
            return;
        }
        w.Open();
        w.Key("module").Str("keras.regularizers");
        w.Key("class_name").Str("L2");
        w.Key("config").Open().Key("l2").Float(l2).Close();
        w.Key("registered_name").Null();
        w.Close();
    }

    /// <summary>A minimal writer with Python json.dumps spacing (", " and ": ").</summary>
    private sealed class Writer
    {
        private readonly StringBuilder _text = new();
        private bool _first = true;

        public Writer Open() { _text.Append('{'); _first = true; return this; }
        public Writer Close() { _text.Append('}'); _first = false; return this; }
        public Writer OpenArray() { _text.Append('['); _first = true; return this; }
        public Writer CloseArray() { _text.Append(']'); _first = false; return this; }

        public Writer Key(string key)
        {
            Separate();
            _text.Append('"').Append(key).Append("\": ");
            _first = true; // the value follows without a comma
            return this;
        }

        public Writer Item() { Separate(); _first = true; return this; }

        public Writer Str(string value) => Raw("\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"");
        public Writer Int(int value) => Raw(value.ToString(CultureInfo.InvariantCulture));
        // Python prints the shortest repr of the double; a float attribute widened keeps its float digits.
        public Writer Float(float value) => Raw(FloatText(value));
        public Writer Bool(bool value) => Raw(value ? "true" : "false");
        public Writer Null() => Raw("null");
        public Writer Ints(IEnumerable<int> values) => Raw("[" + string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]");
        public Writer Shape(IEnumerable<int?> values) => Raw("[" + string.Join(", ", values.Select(v => v?.ToString(CultureInfo.InvariantCulture) ?? "null")) + "]");

        private Writer Raw(string text)
        {
            Separate();
            _text.Append(text);
            _first = false;
            return this;
        }

        private void Separate()
        {
            if (!_first) _text.Append(", ");
            _first = false;
        }

        public override string ToString() => _text.ToString();
    }

    /// <summary>A float as Python prints the same decimal: shortest round-trip digits, always with a point.</summary>
    public static string FloatText(float value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains(".") || text.Contains("E") ? text.Replace("E-0", "e-0").Replace("E", "e") : text + ".0";
    }
}
