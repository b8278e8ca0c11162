using System.Globalization;
using Microsoft.CodeAnalysis;
using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.Diagnostics;

/// <summary>
/// Declarations that used to be accepted and then broke the build in generated code (or were
/// silently ignored): each is now a diagnostic with an id on the offending declaration.
/// </summary>
public sealed partial class DiagnosticTests
{
    [Theory]
    [InlineData("public partial class [|Net|](int size);", "a primary constructor")]
    [InlineData("public partial class Net { public [|Net|](string name) { } }", "a constructor")]
    public void UNR0019_UserConstructor(string declaration, string kind) => AssertDiagnostic($"""
        [Sequential]
        [Input(8)]
        [Dense(1)]
        {declaration}
        """,
        "UNR0019", $"Network class 'Net' declares {kind}; Unroll generates the network's constructors (seed, baked weights), so remove it");

    [Fact]
    public void UNR0020_FileLocalClass() => AssertDiagnostic("""
        [Sequential]
        [Input(8)]
        [Dense(1)]
        file partial class [|Net|];
        """,
        "UNR0020", "Network class 'Net' is declared 'file', so the half Unroll generates in its own file would be a different type; remove 'file'");

    [Theory]
    [InlineData("Summary", "the generated member 'Summary'")]
    [InlineData("InputLength", "the generated member 'InputLength'")]
    [InlineData("ForwardRange", "the generated member 'ForwardRange'")]
    [InlineData("Capacity", "the generated member 'Capacity'")]
    [InlineData("__Net", "the generated private members (prefix '__')")]
    [InlineData("System", "the namespace 'System' that the generated code names as global::System (in the global namespace)")]
    public void UNR0021_ReservedClassName(string name, string hidden) => AssertDiagnostic($$"""
        #pragma warning disable CS8981 // a lowercase type name, on purpose
        [Sequential]
        [Input(8)]
        [Dense(1)]
        public partial class [|{{name}}|];
        """,
        "UNR0021", $"Network class '{name}' would hide {hidden} inside the class; rename the class");

    [Theory]
    [InlineData("public int [|InputLength|] => 1;", "InputLength", "Unroll generates this member")]
    [InlineData("private int [|__capacity|];", "__capacity", "names starting with '__' are kept for generated members")]
    [InlineData("public class [|ParameterTensors|] { }", "ParameterTensors", "Unroll generates this member")]
    public void UNR0022_ReservedMemberName(string member, string name, string why) => AssertDiagnostic($$"""
        [Sequential]
        [Input(8)]
        [Dense(1)]
        public partial class Net
        {
            {{member}}
        }
        """,
        "UNR0022", $"Network class 'Net' declares '{name}', but {why}; rename the member");

    [Fact]
    public void UNR0023_LayerWithoutSequential() => AssertDiagnostic("""
        [[|Dense(1)|]]
        public partial class Net;
        """,
        "UNR0023", "[Dense] on 'Net' has no effect: the class has neither [Sequential] nor [KerasModel]; add [Sequential] to declare the network");

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    public void UNR0024_KerasModelPathMissing(string path) => AssertDiagnostic($"""
        [[|KerasModel({path})|]]
        public partial class Net;
        """,
        "UNR0024", "[KerasModel] on 'Net' needs the path of a model file, e.g. [KerasModel(\"model.json\")]");

    [Fact]
    public void UNR0108_DataFormatMismatch()
    {
        // Issue 10, item 9: channels-first convolution, channels-last pooling: Keras builds it and pools over channels.
        GeneratorResult result = GeneratorHarness.Run(Usings + """
            [Sequential]
            [Input(3, 8, 8)]
            [Conv2D(4, 3, DataFormat = DataFormat.ChannelsFirst)]
            [MaxPooling2D(2)]
            [Flatten]
            [Dense(2)]
            public partial class Net;
            """);
        Diagnostic warning = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("UNR0108", warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("Layer 'max_pooling2d' (MaxPooling2D) reads its input as channels_last, but layer 'conv2d' (Conv2D) writes channels_first: 'max_pooling2d' takes the wrong axis for the channels; give both the same DataFormat",
            warning.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal("MaxPooling2D(2)", result.InputCompilation.SyntaxTrees.Single().GetText().ToString(warning.Location.SourceSpan));
        // A warning, not an error: the network is still generated and compiles.
        Assert.Single(result.Sources);
        Assert.Empty(result.CompilationDiagnostics.Where(d => d.Id != "UNR0108"));
    }

    [Fact]
    public void UNR0108_not_reported_when_the_formats_agree_or_a_flatten_ends_the_image()
    {
        GeneratorResult result = GeneratorHarness.Run(Usings + """
            [Sequential]
            [Input(3, 8, 8)]
            [Conv2D(4, 3, DataFormat = DataFormat.ChannelsFirst)]
            [MaxPooling2D(2, DataFormat = DataFormat.ChannelsFirst)]
            [Flatten]
            [Dense(2)]
            public partial class Net;
            """);
        result.AssertCompilesCleanly();
    }

    [Theory]
    // Issue 10, item 19: each of these used to give CS0248/CS0103, throw in the emitter, or compile with a wrapped-around ParameterLength.
    [InlineData("[Input(8)] [[|Dense(int.MaxValue)|]]", "the output (None, 2147483647) of layer 'dense' holds 2,147,483,647 values")]
    [InlineData("[[|Input(65536, 65536)|]] [Flatten] [Dense(1)]", "the input (None, 65536, 65536) holds 4,294,967,296 values")]
    [InlineData("[Input(512, 512, 3)] [[|Conv2D(4096, 3, Padding = Padding.Same)|]]", "the workspace per sample (through layer 'conv2d') holds 2,154,561,536 values")]
    [InlineData("[Input(100000)] [[|Dense(100000)|]]", "the parameter tensor dense/kernel (100000, 100000) holds 10,000,000,000 values")]
    public void UNR0109_NetworkTooLarge(string layers, string what)
    {
        (string source, Microsoft.CodeAnalysis.Text.TextSpan span) = Marked(Usings + $"[Sequential]\n{layers}\npublic partial class Net;");
        GeneratorResult result = GeneratorHarness.Run(source);
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("UNR0109", diagnostic.Id);
        Assert.StartsWith($"Network 'Net': {what}", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.EndsWith("but at most 2,147,483,575 fit (a .NET array, less the 64-byte alignment of the buffers); use smaller layers", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void UNR0109_counts_the_workspace_that_a_layer_keeps()
    {
        // Outputs and parameters fit, the im2col patches of a large window do not: 1 000 000 positions × 49 · 64 values.
        GeneratorResult result = GeneratorHarness.Run(Usings + """
            [Sequential]
            [Input(1000, 1000, 64)]
            [Conv2D(1, 7, Padding = Padding.Same)]
            public partial class Net;
            """);
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("UNR0109", diagnostic.Id);
        Assert.StartsWith("Network 'Net': the workspace per sample (through layer 'conv2d') holds 3,138,000,000 values", diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void UNR0110_SourceOverBudget()
    {
        // Every Dense of another size gets its own kernels: 200 of them are far past the budget.
        string layers = string.Concat(Enumerable.Range(1, 200).Select(i => $"[Dense({i})]\n"));
        GeneratorResult result = GeneratorHarness.Run(Usings + $"[Sequential]\n[Input(8)]\n{layers}public partial class Net;");
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("UNR0110", diagnostic.Id);
        Assert.Equal("The generated source of 'Net' would be more than the budget of 8 MB per network (about 110 Dense layers of distinct sizes); layers of the same shapes and activation share kernels, so use fewer distinct layer sizes",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Empty(result.Sources);
    }
}
