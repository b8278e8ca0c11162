using System.Globalization;
using CsCheck;

namespace Unroll.Generator.Tests.Fuzzing;

/// <summary>One generated case: the source files of a project and its AdditionalFiles.</summary>
public sealed record HostileProject((string Path, string Text)[] Sources, (string Path, string Text)[] AdditionalFiles)
{
    /// <summary>The whole case as text, which is what a failure prints (shrunk by CsCheck to a small one).</summary>
    public override string ToString()
        => string.Join("\n", Sources.Select(s => $"// ==== {Escape(s.Path)}\n{s.Text}"))
           + string.Concat(AdditionalFiles.Select(f => $"\n// ==== AdditionalFile {Escape(f.Path)}\n{f.Text}"));

    private static string Escape(string text) => text.Replace("\n", "\\n").Replace("\r", "\\r").Replace("\u2028", "\\u2028");
}

/// <summary>
/// Generators of malformed and extreme network declarations, as a careless or hostile user writes
/// them: wrong argument types and counts, zero, negative and huge sizes, layers in impossible orders,
/// every kind of type declaration, keyword and case-twin names, namespaces and types that shadow
/// System, MathF or the kernels, user members named like generated ones, and broken Keras JSON.
/// Most cases must end in diagnostics; every case must end without an exception, an internal error,
/// or generated code that does not compile.
/// </summary>
internal static class HostileDeclarations
{
    // Mostly small sizes (so that valid networks occur), some at the edges and past them.
    private static readonly Gen<int> Size = Gen.Frequency(
        (12, Gen.Int[1, 12]),
        (3, Gen.Int[13, 300]),
        (1, Gen.OneOf(0, -1, -4)),
        (1, Gen.OneOf(128, 4096, 65536, 100_000, 1 << 20, int.MaxValue)));

    private static readonly Gen<string> SizeText = Size.Select(i => i.ToString(CultureInfo.InvariantCulture));

    // Arguments the compiler refuses: the generator must stay quiet and let the compiler speak.
    private static readonly Gen<string> WrongArgument = Gen.OneOf("\"8\"", "1.5", "null", "Size", "true", "new[] { 1 }", "Activation.ReLU");

    private static readonly Gen<string> Argument = Gen.Frequency((12, SizeText), (1, WrongArgument));

    private static readonly Gen<string> ActivationValue = Gen.OneOf(
        "Activation.Linear", "Activation.ReLU", "Activation.Sigmoid", "Activation.Tanh", "Activation.Softmax", "(Activation)42");

    private static readonly Gen<string> InitializerValue = Gen.OneOf("Initializer.HeNormal", "Initializer.Zeros", "Initializer.Orthogonal", "(Initializer)(-1)");

    private static readonly Gen<string> FloatValue = Gen.OneOf("0.01f", "0f", "-1f", "float.NaN", "float.PositiveInfinity", "0.5f", "1f", "0.999f");

    private static readonly Gen<string> IntArray = Gen.Frequency(
        (4, SizeText.Select(a => $"new[] {{ {a} }}")),
        (4, Gen.Select(SizeText, SizeText, (a, b) => $"new[] {{ {a}, {b} }}")),
        (1, Gen.Const("new int[0]")),
        (1, Gen.Const("new[] { 1, 2, 3 }")));

    /// <summary>Named arguments: each one at most once, some of them wrong for the layer.</summary>
    private static Gen<string> Named(params (string Name, Gen<string> Value)[] options)
    {
        Gen<string> named = Gen.Const("");
        foreach ((string name, Gen<string> value) in options)
        {
            Gen<string> option = Gen.Frequency((3, Gen.Const("")), (1, value.Select(v => $", {name} = {v}")));
            named = Gen.Select(named, option, (a, b) => a + b);
        }
        return named;
    }

    private static readonly Gen<string> Dense = Gen.Select(Argument,
        Named(("Activation", ActivationValue), ("UseBias", Gen.OneOf("false", "true")), ("L2", FloatValue), ("KernelInitializer", InitializerValue)),
        (units, named) => $"Dense({units}{named})");

    private static readonly Gen<string> Conv2D = Gen.Select(Argument, Gen.Frequency((4, SizeText.Select(k => ", " + k)), (1, Gen.Select(SizeText, SizeText, (a, b) => $", {a}, {b}")), (1, Gen.Const("")), (1, Gen.Const(", 3, 3, 3"))),
        Named(("Strides", IntArray), ("Padding", Gen.OneOf("Padding.Same", "Padding.Valid", "(Padding)5")), ("DataFormat", Gen.OneOf("DataFormat.ChannelsFirst", "DataFormat.ChannelsLast", "(DataFormat)7")),
              ("Activation", ActivationValue), ("UseBias", Gen.OneOf("false"))),
        (filters, kernel, named) => $"Conv2D({filters}{kernel}{named})");

    private static readonly Gen<string> Conv1D = Gen.Select(Argument, SizeText,
        Named(("Strides", SizeText), ("Padding", Gen.OneOf("Padding.Same", "Padding.Valid")), ("Activation", ActivationValue)),
        (filters, kernel, named) => $"Conv1D({filters}, {kernel}{named})");

    private static readonly Gen<string> Pool2D = Gen.Select(Gen.OneOf("MaxPooling2D", "AveragePooling2D"), Gen.Frequency((3, SizeText), (1, Gen.Select(SizeText, SizeText, (a, b) => $"{a}, {b}")), (1, Gen.Const(""))),
        Named(("Strides", IntArray), ("Padding", Gen.OneOf("Padding.Same", "Padding.Valid")), ("DataFormat", Gen.OneOf("DataFormat.ChannelsFirst", "DataFormat.ChannelsLast"))),
        (kind, size, named) => $"{kind}({size}{(size.Length > 0 ? named : named.TrimStart(',', ' '))})");

    private static readonly Gen<string> Lstm = Gen.Select(Argument,
        Named(("ReturnSequences", Gen.OneOf("true", "false")), ("Stateful", Gen.OneOf("true")), ("Activation", ActivationValue), ("RecurrentActivation", ActivationValue), ("UseBias", Gen.OneOf("false"))),
        (units, named) => $"Lstm({units}{named})");

    private static readonly Gen<string> Layer = Gen.Frequency(
        (6, Dense),
        (3, Conv2D),
        (1, Conv1D),
        (2, Pool2D),
        (1, SizeText.Select(s => $"MaxPooling1D({s})")),
        (2, Gen.OneOf("Flatten", "GlobalAveragePooling2D", "GlobalMaxPooling2D(DataFormat = DataFormat.ChannelsFirst)", "GlobalAveragePooling1D")),
        (1, FloatValue.Select(r => $"Dropout({r})")),
        (1, ActivationValue.Select(a => $"Activation({a})")),
        (2, Gen.Select(Argument, SizeText, (a, b) => $"Embedding({a}, {b})")),
        (2, Lstm),
        (1, Gen.OneOf("Dense()", "Dense(1, 2)", "Conv2D(8)", "Embedding(4)", "Dropout(2)", "Lstm(-3, Stateful = true)")));

    private static readonly Gen<string> Input = Gen.Frequency(
        (10, Gen.Int[1, 3].SelectMany(rank => SizeText.Array[rank]).Select(d => $"Input({string.Join(", ", d)})")),
        (2, Gen.Select(Gen.Int[1, 3].SelectMany(rank => Gen.Int[1, 8].Array[rank]), Gen.OneOf(1, 4, 0, -2, int.MaxValue),
            (d, b) => $"Input({string.Join(", ", d)}, BatchSize = {b})")),
        (1, Gen.OneOf("Input()", "Input(65536, 65536)", "Input(\"x\")", "Input(0)")));

    private static readonly Gen<int> Small = Gen.Int[1, 12];

    private static readonly Gen<string> GoodActivation = Gen.OneOf("", ", Activation = Activation.ReLU", ", Activation = Activation.Tanh", ", Activation = Activation.Sigmoid");

    private static Gen<string> Join(params Gen<string>[] parts)
        => parts.Aggregate(Gen.Const(""), (all, part) => Gen.Select(all, part, (a, b) => a.Length == 0 ? b : b.Length == 0 ? a : a + ", " + b));

    private static Gen<string> Optional(Gen<string> gen) => Gen.Frequency((1, Gen.Const("")), (1, gen));

    private static readonly Gen<string> DenseHead = Gen.Select(Small, Gen.OneOf("", ", Activation = Activation.Softmax", ", Activation = Activation.Sigmoid"),
        (units, activation) => $"Dense({units + (activation.Contains("Softmax") ? 1 : 0)}{activation})");

    private static readonly Gen<string> GoodDense = Gen.Select(Small, GoodActivation, (u, a) => $"Dense({u}{a})");

    /// <summary>Networks that should build: the layer kinds in an order that fits their shapes, with edge sizes (filters ≥ 128 on few channels).</summary>
    private static readonly Gen<string> Plausible = Gen.OneOf(
        // Dense stacks on vectors.
        Join(Small.Select(n => $"Input({n})"), Optional(GoodDense), Optional(Gen.OneOf("Dropout(0.25f)", "Activation(Activation.Tanh)")), DenseHead),
        // Images: convolutions and pooling, either data format, then a head.
        Join(Gen.Select(Gen.Int[4, 12], Gen.Int[4, 12], Gen.Int[1, 4], (h, w, c) => $"Input({h}, {w}, {c})"),
            Gen.Select(Gen.OneOf(1, 3, 8, 128, 130), Gen.Int[1, 3], Gen.OneOf("", ", Padding = Padding.Same"), GoodActivation, Gen.OneOf("", ", Strides = new[] { 2 }"),
                (f, k, p, a, st) => $"Conv2D({f}, {k}{p}{a}{st})"),
            Optional(Gen.OneOf("MaxPooling2D(2)", "AveragePooling2D(2, Padding = Padding.Same)", "MaxPooling2D(2, DataFormat = DataFormat.ChannelsFirst)")),
            Gen.OneOf("Flatten", "GlobalAveragePooling2D", "GlobalMaxPooling2D"), DenseHead),
        // Channels first throughout.
        Join(Gen.Select(Gen.Int[1, 3], Gen.Int[4, 9], (c, h) => $"Input({c}, {h}, {h})"),
            Gen.Select(Gen.OneOf(2, 16, 129), (f) => $"Conv2D({f}, 3, DataFormat = DataFormat.ChannelsFirst, Padding = Padding.Same)"),
            Optional(Gen.Const("MaxPooling2D(2, DataFormat = DataFormat.ChannelsFirst)")), Gen.Const("Flatten"), DenseHead),
        // Sequences: 1-D convolutions, LSTMs, embeddings.
        Join(Gen.Select(Gen.Int[3, 10], Gen.Int[1, 5], (s, f) => $"Input({s}, {f})"),
            Optional(Gen.Select(Gen.OneOf(4, 128), Gen.Int[1, 3], (f, k) => $"Conv1D({f}, {k}, Padding = Padding.Same)")),
            Gen.Select(Small, Gen.Bool, (u, r) => r ? $"Lstm({u}, ReturnSequences = true), GlobalAveragePooling1D" : $"Lstm({u})"), DenseHead),
        Join(Gen.Select(Gen.Int[2, 10], n => $"Input({n})"), Gen.Select(Gen.Int[2, 50], Small, (v, d) => $"Embedding({v}, {d})"),
            Gen.Select(Small, u => $"Lstm({u}, ReturnSequences = true)"), Optional(Gen.Const("Flatten")), DenseHead),
        Join(Gen.Select(Gen.Int[3, 8], Small, (s, f) => $"Input({s}, {f}, BatchSize = 4)"), Gen.Select(Small, u => $"Lstm({u}, Stateful = true)"), DenseHead));

    /// <summary>[Input] then layers, mostly in that order, sometimes shuffled, doubled or missing; one or several per attribute list.</summary>
    private static readonly Gen<string> HostileAttributes = Gen.Select(
        Gen.Frequency((12, Input.Select(i => new[] { i })), (1, Gen.Const(Array.Empty<string>())), (1, Gen.Select(Input, Input, (a, b) => new[] { a, b }))),
        Layer.Array[0, 6],
        Gen.Frequency((6, Gen.Const("Sequential")), (1, Gen.Const("")), (1, Gen.Const("KerasModel"))),
        Gen.Bool, Gen.Bool,
        (input, layers, kind, shuffle, oneList) =>
        {
            var all = input.Concat(layers).ToList();
            if (shuffle && all.Count > 1) all.Reverse();
            if (kind.Length > 0) all.Insert(0, kind == "KerasModel" ? "KerasModel(\"model.json\")" : kind);
            return oneList ? (all.Count == 0 ? "" : $"[{string.Join(", ", all)}]") : string.Concat(all.Select(a => $"[{a}]\n"));
        });

    /// <summary>A network's attributes: one that should build, or a hostile mix.</summary>
    private static readonly Gen<string> Attributes = Gen.Frequency(
        (3, Plausible.Select(layers => $"[Sequential, {layers}]")),
        (4, HostileAttributes),
        // The network from the (often broken) model file alone, sometimes with baked weights the project lacks.
        (2, Gen.OneOf("[KerasModel(\"model.json\")]", "[KerasModel(\"model.json\"), BakedWeights(\"w\nx.safetensors\")]", "[KerasModel(\"other.json\")]")));

    /// <summary>Every kind of type declaration a network attribute can sit on.</summary>
    private static readonly Gen<string> Declaration = Gen.Frequency(
        (40, Gen.Const("public partial class {0};")),
        (5, Gen.Const("partial class {0} {{ }}")),
        (1, Gen.Const("public class {0};")),
        (1, Gen.Const("public partial class {0}<T>;")),
        (1, Gen.Const("public static partial class {0};")),
        (1, Gen.Const("public abstract partial class {0};")),
        (1, Gen.Const("public sealed partial class {0};")),
        (1, Gen.Const("public partial record {0};")),
        (1, Gen.Const("public partial record struct {0};")),
        (1, Gen.Const("public partial struct {0};")),
        (1, Gen.Const("file partial class {0};")),
        (1, Gen.Const("public partial class {0}(int size);")),
        (1, Gen.Const("public partial class {0} {{ public {0}(string name) : this(seed: 1) {{ }} }}")),
        (1, Gen.Const("public partial class {0} : Base;")),
        (1, Gen.Const("public partial class {0} : Unroll.Model;")),
        (1, Gen.Const("public partial class Outer {{ public partial class {0}; }}")));

    private static readonly Gen<string> ClassName = Gen.Frequency(
        (30, Gen.OneOf("Net", "NET", "net", "Model1", "Ünïcode", "Δ")),
        (2, Gen.OneOf("@class", "@namespace", "@var", "var", "nuint", "record", "partial", "global", "async", "dynamic", "value")),
        (2, Gen.OneOf("Summary", "Name", "Capacity", "ToJson", "InputLength", "ParameterTensors", "ForwardRange", "__a0", "Model", "Unroll", "System", "MathF", "Span")));

    /// <summary>User members that look like generated ones, or hide the base class's.</summary>
    private static readonly Gen<string> Members = Gen.Frequency(
        (10, Gen.Const("")),
        (1, Gen.OneOf(
            " private int _capacity; private float[] _a0 = []; private const string SummaryText = \"\"; private static void DenseForward() { }",
            " private int __capacity;",
            " public int InputLength => 1;",
            " private static int Random => 4; private static int Weights => 5; private static int Parameters => 6;",
            " public static void Main() { }",
            " static int Size = 3;")));

    private static readonly Gen<string> Namespace = Gen.Frequency(
        (4, Gen.Const("")),
        (6, Gen.OneOf("App", "app", "App.System", "App.MathF", "@class", "Unroll.Samples", "System.Fuzz", "A.B.C")));

    /// <summary>Types beside the network that a careless generator would bind to instead of System's or Unroll's.</summary>
    private static readonly Gen<string> Shadows = Gen.Frequency(
        (3, Gen.Const("")),
        (2, Gen.OneOf(
            "public static class MathF { } public static class Math { } public class Array { } public class Span<T> { } public class ReadOnlySpan<T> { }",
            "public class KernelSettings { } public class ImageShape { } public class ActivationKernels { } public class Vector256 { } public class Vector128 { }",
            "public static class MemoryMarshal { } public static class Unsafe { } public static class MemoryExtensions { } public class IReadOnlyList<T> { }",
            "namespace System { public class Fake { } } namespace MathF { } namespace Unroll { } namespace global { }",
            "public class ParameterTensor { } public class Initializers { } public class Activation { } public class Initializer { }")));

    private static readonly Gen<string> FilePath = Gen.Frequency(
        (10, Gen.Const("Network.cs")),
        (1, Gen.OneOf("Net\nwork.cs", "Net\u2028work.cs", "dir/Net\rX.cs", "Net\u0085.cs", "a\"b.cs", "*/ #error x.cs")));

    /// <summary>One network declaration: namespace, attributes, the type declaration, user members and shadowing types.</summary>
    private static readonly Gen<string> Network = Gen.Select(Namespace, Attributes, Declaration, ClassName, Members, Shadows,
        (ns, attributes, declaration, name, members, shadows) =>
        {
            // A type named System or Unroll in the global namespace replaces the namespace for every
            // global::System name of the project, generated or hand-written: the generator can only
            // diagnose it on its own class (UNR0021), so the other networks of such a case would fail.
            if (ns.Length == 0 && name is "System" or "Unroll") ns = "App";
            string type = string.Format(CultureInfo.InvariantCulture, declaration, name);
            if (members.Length > 0 && type.EndsWith(';')) type = type.TrimEnd(';') + " {" + members + " }";
            string body = $"{attributes}\n{type}\n{(declaration.Contains(": Base") ? "public class Base { }\n" : "")}";
            return ns.Length == 0 ? shadows + "\n" + body : $"namespace {ns}\n{{\n{shadows}\n{body}}}\n";
        });

    /// <summary>Keras model files: valid, then broken in one of many ways.</summary>
    private static readonly Gen<string> KerasJson = Gen.Select(
        Gen.OneOf("\"valid\"", "\"same\"", "1", "[\"same\"]", "null", "{}"),
        Gen.OneOf("\"channels_last\"", "\"channels_first\"", "7", "null", "[]"),
        Gen.OneOf("[null, 8, 8, 3]", "[null, 65536, 65536]", "[8]", "[null, -1]", "\"x\"", "[null, 1e10]", "[null, 4, 4, 1]"),
        Gen.OneOf("\"dense\"", "\"a\\nb\"", "\"a\\u2028b\"", "7", "null"),
        Gen.OneOf("Conv2D", "Dense", "MaxPooling2D", "LSTM", "GRU", "Flatten"),
        Gen.Int[0, 40],
        (padding, format, shape, name, type, cut) =>
        {
            string json = $$$"""
                {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "InputLayer", "config": {"batch_shape": {{{shape}}}}},
                  {"class_name": "{{{type}}}", "config": {"name": {{{name}}}, "filters": 4, "units": 3, "kernel_size": [3, 3], "pool_size": 2, "padding": {{{padding}}}, "data_format": {{{format}}}, "activation": "relu"}},
                  {"class_name": "Flatten", "config": {}},
                  {"class_name": "Dense", "config": {"units": 2, "activation": "softmax"}}
                ]}}
                """;
            // Now and then cut the file short: malformed JSON.
            return cut < 4 ? json.Substring(0, json.Length * cut / 4) : json;
        });

    /// <summary>A project: one to three networks (case twins, namespace twins), sometimes a Keras file.</summary>
    public static readonly Gen<HostileProject> Project = Gen.Select(
        Network.Array[1, 3], FilePath, KerasJson, Gen.Bool,
        (networks, path, json, twins) =>
        {
            string header = "using Unroll;\n\n";
            var sources = new List<(string, string)> { (path, header + networks[0]) };
            for (int i = 1; i < networks.Length; i++) sources.Add(($"Other{i}.cs", header + networks[i]));
            // The same declaration again with its class name in another case: hint names must differ.
            if (twins) sources.Add(("Twin.cs", header + networks[0].Replace("class Net", "class nEt").Replace("namespace App", "namespace aPP")));
            return new HostileProject([.. sources], [("model.json", json)]);
        });
}
