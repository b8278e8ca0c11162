using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unroll.Generator.Common;
using Unroll.Generator.Emitting;
using Unroll.Generator.Lowering;
using Unroll.Generator.Shapes;
using Unroll.Generator.Spec;
using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.Emitting;

/// <summary>
/// Issue 10, "the generator must never break a user's build": the minimal declarations that used to
/// throw in the generator or produce code that does not compile. Each must now compile cleanly.
/// </summary>
public sealed class HygieneTests
{
    private const string Layers = "[Sequential, Input(8), Dense(4, Activation = Activation.ReLU), Dense(2, Activation = Activation.Softmax)]";

    [Fact]
    public void Networks_whose_names_differ_only_in_case_each_get_their_file()
    {
        // Item 16: hint names compare ignoring case; Net/NET and app/App used to throw, and then no network had code.
        GeneratorResult result = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(
            ("A.cs", $"using Unroll;\nnamespace app {{ {Layers} public partial class Net; {Layers} public partial class NET; }}"),
            ("B.cs", $"using Unroll;\nnamespace App {{ {Layers} public partial class Net; }}")));
        result.AssertCompilesCleanly();
        Assert.Equal(3, result.Sources.Length);
        Assert.Equal(3, result.Sources.Select(s => s.HintName).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Theory]
    [InlineData("Sequential, Input(8), Dense(2)")]
    [InlineData("KerasModel(\"model.json\")")]
    public void Two_declarations_of_one_class_with_the_network_attribute_leave_the_error_to_the_compiler(string attributes)
    {
        // Found by the generator under fire: each declaration was a network of the same name, and the
        // second file of that name threw in Roslyn (CS8785), so no network of the project got code.
        var compilation = GeneratorHarness.CreateCompilation(
            ("A.cs", $"using Unroll;\n[{attributes}] public partial class Net;"),
            ("B.cs", $"using Unroll;\n[{attributes}] public partial class Net;"),
            ("C.cs", $"using Unroll;\n{Layers} public partial class Other;"));
        Assert.Contains(compilation.GetDiagnostics(), d => d.Id == "CS0579");
        GeneratorResult result = GeneratorHarness.Run(compilation, inputMayHaveErrors: true, ("/p/model.json", KerasJson("\"valid\"", "\"channels_last\"")));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Equal("Other", Assert.Single(result.Sources).HintName.Split('.')[0]);
    }

    [Fact]
    public void Hint_names_are_unique_ignoring_case_and_use_only_file_name_characters()
    {
        string[] names = ["Net", "NET", "net", "nEt", "App.Net", "app.Net", "a_b", "a_005fb", "aΔ", "a_u0394", "class.Net", "Ünïcode"];
        string[] hints = [.. names.Select(GeneratedNames.HintName)];
        Assert.Equal(names.Length, hints.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(hints, h => Assert.Matches("^[A-Za-z0-9._]+$", h));
    }

    [Fact]
    public void Keyword_names_are_escaped()
    {
        // Item 17: `namespace @class;` threw (a hint name with '@'); `class @class` gave `partial class class`.
        GeneratorResult result = GeneratorHarness.Run($"using Unroll;\nnamespace @class.@int;\n{Layers}\npublic partial class @class;");
        result.AssertCompilesCleanly();
        Assert.Contains("namespace @class.@int", result.Source.Text);
        Assert.Contains("partial class @class : global::Unroll.Model", result.Source.Text);
        Assert.Contains("public override string Name => \"class\";", result.Source.Text);
    }

    [Theory]
    // Item 18: 128 or more filters on at most 4 channels take the direct convolution, which declared `j` twice.
    [InlineData("[Input(28, 28, 3)] [Conv2D(128, 3)]")]
    [InlineData("[Input(9, 9, 1)] [Conv2D(200, 3, Padding = Padding.Same)] [Conv2D(2, 3)]")]
    [InlineData("[Input(12, 4)] [Conv1D(128, 3)]")]
    public void Wide_convolutions_on_few_channels_compile(string layers)
        => GeneratorHarness.Run($"using Unroll;\n[Sequential]\n{layers}\n[Flatten] [Dense(2)]\npublic partial class Net;").AssertCompilesCleanly();

    [Fact]
    public void Types_and_namespaces_named_like_System_or_the_kernels_do_not_capture_generated_names()
    {
        // Item 20: generated code named MathF, System.…, Vector256, KernelSettings, ImageShape unqualified.
        GeneratorResult result = GeneratorHarness.Run("""
            using Unroll;
            namespace App
            {
                public static class MathF { } public static class Math { } public class Array { } public class Span<T> { } public class ReadOnlySpan<T> { }
                public class KernelSettings { } public class ImageShape { } public class ActivationKernels { } public class ImageKernels { } public class Vector256 { } public class Vector128 { }
                public static class MemoryMarshal { } public static class Unsafe { } public static class MemoryExtensions { } public class IReadOnlyList<T> { }
                public class ParameterTensor { } public class Initializers { } public class Initializer { } public class LstmKernels { } public class DropoutKernels { }
                namespace System { public class Fake { } }

                [Sequential]
                [Input(8, 8, 2)]
                [Conv2D(130, 3, Activation = Unroll.Activation.ReLU)]
                [MaxPooling2D(2)]
                [Dropout(0.5f)]
                [Flatten]
                [Dense(3, Activation = Unroll.Activation.Softmax)]
                public partial class Images;

                [Sequential]
                [Input(6, BatchSize = 4)]
                [Embedding(20, 4)]
                [Lstm(5, Stateful = true, ReturnSequences = true)]
                [Lstm(3)]
                [Dense(1)]
                public partial class Text;
            }
            """);
        result.AssertCompilesCleanly();
        Assert.Equal(2, result.Sources.Length);
    }

    [Fact]
    public void User_members_with_the_old_private_names_do_not_collide()
    {
        // Item 21: members named like generated private ones (_capacity, _a0, SummaryText, DenseForward) collided (CS0102).
        GeneratorHarness.Run($$"""
            using Unroll;
            {{Layers}}
            public partial class Net
            {
                private int _capacity = 1;
                private float[] _a0 = [], _g1 = [];
                private const string SummaryText = "mine";
                private static void DenseForward() { }
                private static new int Random => 4;
                private static new int Weights => 5;
                private static new int Parameters => 6;
                public int Use() => _capacity + _a0.Length + _g1.Length + SummaryText.Length + Random + Weights + Parameters;
            }
            """).AssertCompilesCleanly();
    }

    [Theory]
    [InlineData("[Input(6, 6, 1)] [Conv2D(4, 3, L2 = 0.1f)] [MaxPooling2D(2)] [Dropout(0.2f)] [Flatten] [Dense(4)] [Activation(Activation.Tanh)] [Dense(2)]")]
    [InlineData("[Input(5, BatchSize = 2)] [Embedding(9, 3)] [Lstm(4, Stateful = true, ReturnSequences = true)] [Conv1D(3, 2)] [GlobalAveragePooling1D] [Dense(2)]")]
    public void Every_member_the_emitter_declares_is_reserved_or_private_with_the_prefix(string layers)
    {
        // The list behind UNR0021/UNR0022 must follow the emitter: every non-private member it declares is in the list.
        GeneratorResult result = GeneratorHarness.Run($"""
            using Unroll;
            [Sequential]
            {layers}
            public partial class Net;
            """).AssertCompilesCleanly();
        var members = CSharpSyntaxTree.ParseText(result.Source.Text).GetRoot().DescendantNodes().OfType<MemberDeclarationSyntax>()
            .Where(m => m.Parent is ClassDeclarationSyntax)
            .SelectMany(m => m switch
            {
                BaseFieldDeclarationSyntax field => field.Declaration.Variables.Select(v => (v.Identifier.ValueText, field.Modifiers)),
                MethodDeclarationSyntax method => [(method.Identifier.ValueText, method.Modifiers)],
                PropertyDeclarationSyntax property => [(property.Identifier.ValueText, property.Modifiers)],
                _ => [],
            })
            .ToList();
        Assert.NotEmpty(members);
        Assert.All(members, m => Assert.True(
            m.Item2.Any(SyntaxKind.PrivateKeyword) ? m.ValueText.StartsWith(GeneratedNames.Private, StringComparison.Ordinal) : GeneratedNames.Members.Contains(m.ValueText),
            $"'{m.ValueText}' ({m.Item2}) is neither a reserved member nor private with the prefix '{GeneratedNames.Private}'"));
    }

    [Theory]
    // Item 23: a line break in a file name ended a generated // comment and the rest became code.
    [InlineData("Net\nwork.cs")]
    [InlineData("Net\u2028System.Console.WriteLine();.cs")]
    [InlineData("Net\r\u0085\u2029x.cs")]
    public void Line_breaks_in_the_source_file_name_stay_inside_the_comment(string path)
    {
        GeneratorResult result = GeneratorHarness.Run($"using Unroll;\n{Layers}\npublic partial class Net;", path);
        result.AssertCompilesCleanly();
        string header = result.Source.Text.Split('\n')[1];
        Assert.StartsWith("// Generated by Unroll.Generator", header);
        Assert.Contains("Net\\u", header);
    }

    [Fact]
    public void Line_breaks_in_a_KerasModel_path_stay_inside_the_comment()
    {
        string json = KerasJson("\"valid\"", "\"channels_last\"");
        GeneratorResult result = GeneratorHarness.Run("using Unroll;\n[KerasModel(\"m\\nodel\\u2028.json\")]\npublic partial class Net;", ("/p/m\nodel\u2028.json", json));
        result.AssertCompilesCleanly();
        Assert.Contains("[KerasModel(\"m\\u000Aodel\\u2028.json\")]", result.Source.Text.Split('\n')[1]);
    }

    [Theory]
    // Item 24: a wrongly typed "padding" or "data_format" was read as the default instead of refused.
    [InlineData("1", "\"channels_last\"", "padding", "1")]
    [InlineData("[\"same\"]", "\"channels_last\"", "padding", "[\"same\"]")]
    [InlineData("\"valid\"", "7", "data_format", "7")]
    public void Wrongly_typed_Keras_options_are_refused(string padding, string format, string key, string shown)
    {
        GeneratorResult result = GeneratorHarness.Run("using Unroll;\n[KerasModel(\"model.json\")]\npublic partial class Net;", ("/p/model.json", KerasJson(padding, format)));
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("UNR0204", diagnostic.Id);
        Assert.Contains($"has {key} = {shown}, which Unroll does not support", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void A_layer_the_compiler_refused_gives_no_shape_error_after_it()
    {
        // Item 24: a non-constant argument (CS0182) dropped the layer, and the next layer reported a misleading shape error.
        var compilation = GeneratorHarness.CreateCompilation("""
            using Unroll;
            [Sequential]
            [Input(28, 28, 1)]
            [Conv2D(Net.Filters, 3)]
            [Conv2D(8, 3)]
            [Flatten]
            [Dense(2)]
            public partial class Net { public static int Filters = 8; }
            """);
        Assert.Contains(compilation.GetDiagnostics(), d => d.Id == "CS0182");
        GeneratorResult result = GeneratorHarness.Run(compilation, inputMayHaveErrors: true);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void A_class_left_without_a_name_by_a_syntax_error_gets_no_code()
    {
        // Item 25: the generator emitted `partial class  : global::Unroll.Model`, adding errors to the user's.
        var compilation = GeneratorHarness.CreateCompilation($"using Unroll;\n{Layers}\npublic partial class\n{{ }}");
        GeneratorResult result = GeneratorHarness.Run(compilation, inputMayHaveErrors: true);
        Assert.Empty(result.Sources);
        Assert.Empty(result.GeneratorDiagnostics);
    }

    [Fact]
    public void An_exception_in_the_emitter_becomes_UNR0901_on_that_network()
    {
        // A plan no parser makes (no layers): the emitter throws, and the stage reports it instead of failing the generator.
        var spec = new NetworkSpec(null, "Broken", "Network.cs", 1, Shape.Of(4), EquatableArray<LayerSpec>.Empty);
        var plan = new KernelPlan(new ShapedNetwork(spec, EquatableArray<ShapedLayer>.Empty), new ParameterLayout(EquatableArray<ParameterSlot>.Empty, 0), EquatableArray<LayerPlan>.Empty);
        (_, string? source, Generator.Diagnostics.DiagnosticInfo? problem) = UnrollGenerator.TryEmit(plan);
        Assert.Null(source);
        Assert.Equal("UNR0901", problem!.Descriptor.Id);
        Assert.StartsWith("Unroll could not generate 'Broken': ", problem.ToDiagnostic().GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_emitter_failure_midway_is_UNR0901_on_that_network_alone()
    {
        // A plan whose Dense layer needs dx but lost its Wᵀ: the emitter throws halfway through the class.
        var spec = new NetworkSpec("App", "Broken", "Network.cs", 1, Shape.Of(8), new LayerSpec[]
        {
            new DenseSpec("dense", null, 12, ActivationKind.ReLU, true, InitializerKind.GlorotUniform, InitializerKind.Zeros, 0f),
            new DenseSpec("dense_1", null, 1, ActivationKind.Sigmoid, true, InitializerKind.GlorotUniform, InitializerKind.Zeros, 0f),
        }.ToEquatableArray());
        KernelPlan healthy = KernelPlanner.Plan(ShapeInference.Infer(spec, [])!);
        KernelPlan broken = healthy with { Layers = new[] { healthy.Layers[0], healthy.Layers[1] with { Transpose = null } }.ToEquatableArray() };

        (_, string? source, Generator.Diagnostics.DiagnosticInfo? problem) = UnrollGenerator.TryEmit(broken);
        Assert.Null(source);
        Assert.Equal("UNR0901", problem!.Descriptor.Id);
        Assert.StartsWith("Unroll could not generate 'App.Broken': NullReferenceException", problem.ToDiagnostic().GetMessage(CultureInfo.InvariantCulture));
        // The same network planned correctly emits: the failure belongs to the broken plan only.
        Assert.NotNull(UnrollGenerator.TryEmit(healthy).Source);
    }

    private static string KerasJson(string padding, string format) => $$$"""
        {"class_name": "Sequential", "config": {"layers": [
          {"class_name": "InputLayer", "config": {"batch_shape": [null, 8, 8, 3]}},
          {"class_name": "Conv2D", "config": {"name": "conv", "filters": 4, "kernel_size": [3, 3], "padding": {{{padding}}}, "data_format": {{{format}}}}},
          {"class_name": "Flatten", "config": {}},
          {"class_name": "Dense", "config": {"units": 2}}
        ]}}
        """;
}
