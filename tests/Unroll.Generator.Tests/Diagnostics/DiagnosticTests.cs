using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Unroll.Generator.Diagnostics;
using Unroll.Generator.Tests.Infrastructure;

namespace Unroll.Generator.Tests.Diagnostics;

/// <summary>
/// One test per diagnostic id (Mapperly's one page per id): the bad declaration, the exact message,
/// and the span, marked in the source with <c>[|…|]</c>: the offending attribute, or the class
/// identifier for class-level errors. No source is generated when there is an error.
/// UNR0901 (internal error) cannot be triggered by a declaration on purpose; HygieneTests feeds the
/// emit stage a plan no parser makes, and the generator-under-fire test asserts it never fires.
/// </summary>
public sealed partial class DiagnosticTests
{
    [Fact]
    public void UNR0001_ClassNotPartial() => AssertDiagnostic("""
        [Sequential]
        [Input(8)]
        [Dense(1)]
        public class [|Net|];
        """,
        "UNR0001", "Class 'Net' must be declared partial so that Unroll can generate its network");

    [Fact]
    public void UNR0002_GenericClass() => AssertDiagnostic("""
        [Sequential]
        [Input(8)]
        [Dense(1)]
        public partial class [|Net|]<T>;
        """,
        "UNR0002", "Network class 'Net' cannot be generic: its shapes must be known at build time");

    [Fact]
    public void UNR0003_NestedClass() => AssertDiagnostic("""
        namespace Models
        {
            public partial class Outer
            {
                [Sequential]
                [Input(8)]
                [Dense(1)]
                public partial class [|Net|];
            }
        }
        """,
        "UNR0003", "Network class 'Net' must be a top-level class, but it is nested in 'Models.Outer'");

    [Theory]
    [InlineData("static")]
    [InlineData("abstract")]
    public void UNR0004_InvalidModifier(string modifier) => AssertDiagnostic($$"""
        [Sequential]
        [Input(8)]
        [Dense(1)]
        public {{modifier}} partial class [|Net|];
        """,
        "UNR0004", $"Network class 'Net' cannot be {modifier}: Unroll generates a concrete class");

    [Fact]
    public void UNR0005_HasBaseClass() => AssertDiagnostic("""
        public class Base;

        [Sequential]
        [Input(8)]
        [Dense(1)]
        public partial class [|Net|] : Base;
        """,
        "UNR0005", "Network class 'Net' derives from 'Base', but networks derive from Unroll.Model; remove the base class");

    [Fact]
    public void UNR0005_NotReportedForUnrollModel()
    {
        GeneratorResult result = GeneratorHarness.Run(Usings + """
            [Sequential]
            [Input(8)]
            [Dense(1)]
            public partial class Net : Model;
            """, inputMayHaveErrors: true); // Model's abstract members are implemented by the generated half
        result.AssertCompilesCleanly();
        Assert.Single(result.Sources);
    }

    [Fact]
    public void UNR0006_MissingInput() => AssertDiagnostic("""
        [Sequential]
        [Dense(1)]
        public partial class [|Net|];
        """,
        "UNR0006", "Network 'Net' has no [Input]; declare the shape of one sample, e.g. [Input(8)]");

    [Fact]
    public void UNR0006_And_UNR0009_OnAnEmptyNetwork()
    {
        (string source, TextSpan span) = Marked(Usings + """
            [Sequential]
            public partial class [|Net|];
            """);
        GeneratorResult result = GeneratorHarness.Run(source);
        Assert.Equal(["UNR0006", "UNR0009"], result.GeneratorDiagnostics.Select(d => d.Id).Order());
        Assert.All(result.GeneratorDiagnostics, d => Assert.Equal(span, d.Location.SourceSpan));
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void UNR0007_DuplicateInput() => AssertDiagnostic("""
        [Sequential]
        [Input(8)]
        [[|Input(4)|]]
        [Dense(1)]
        public partial class Net;
        """,
        "UNR0007", "Network 'Net' declares [Input] more than once; a sequential network has one input");

    [Theory]
    [InlineData("Input(8, 0)", "8, 0")]
    [InlineData("Input(-1)", "-1")]
    [InlineData("Input", "")]
    public void UNR0008_InvalidInputShape(string attribute, string shape) => AssertDiagnostic($$"""
        [Sequential]
        [[|{{attribute}}|]]
        [Dense(1)]
        public partial class Net;
        """,
        "UNR0008", $"[Input] of 'Net' has shape ({shape}); it needs at least one dimension and every dimension must be at least 1");

    [Fact]
    public void UNR0009_NoLayers() => AssertDiagnostic("""
        [Sequential]
        [Input(8)]
        public partial class [|Net|];
        """,
        "UNR0009", "Network 'Net' has no layers; add layers after [Input], e.g. [Dense(1)]");

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void UNR0015_NonPositiveUnits(int units) => AssertDiagnostic($$"""
        [Sequential]
        [Input(8)]
        [Dense(4)]
        [[|Dense({{units}})|]]
        public partial class Net;
        """,
        "UNR0015", $"Layer 'dense_1' (Dense) has units = {units}; it must be at least 1");

    [Theory]
    [InlineData("Dense(4, Activation = (Activation)42)", "Layer 'dense' (Dense) sets Activation to 42, which is not a defined Activation value")]
    [InlineData("Dense(4, KernelInitializer = (Initializer)42)", "Layer 'dense' (Dense) sets KernelInitializer to 42, which is not a defined Initializer value")]
    [InlineData("Dense(4, BiasInitializer = (Initializer)(-1))", "Layer 'dense' (Dense) sets BiasInitializer to -1, which is not a defined Initializer value")]
    [InlineData("Activation((Activation)42)", "Layer 'activation' (Activation) sets the function to 42, which is not a defined Activation value")]
    public void UNR0011_UndefinedEnumValue(string attribute, string message) => AssertDiagnostic($$"""
        [Sequential]
        [Input(8)]
        [[|{{attribute}}|]]
        [Dense(1)]
        public partial class Net;
        """,
        "UNR0011", message);

    [Theory]
    [InlineData("-0.5f", "-0.5")]
    [InlineData("float.NaN", "NaN")]
    [InlineData("float.PositiveInfinity", "Infinity")]
    public void UNR0012_InvalidL2(string value, string shown) => AssertDiagnostic($$"""
        [Sequential]
        [Input(8)]
        [[|Dense(4, L2 = {{value}})|]]
        [Dense(1)]
        public partial class Net;
        """,
        "UNR0012", $"Layer 'dense' (Dense) has L2 = {shown}; the factor must be a finite number of at least 0");

    [Fact]
    public void UNR0013_LayerOnOtherDeclaration() => AssertDiagnostic("""
        [Sequential]
        [Input(8)]
        [Dense(4)]
        public partial class Net;

        [[|Dense(1)|]]
        public partial class Net;
        """,
        "UNR0013", "[Dense] is on another partial declaration of 'Net'; declare the whole network on the declaration that carries [Sequential], so the layer order is defined");

    [Fact]
    public void UNR0014_NotAClass() => AssertDiagnostic("""
        [Sequential]
        [Input(4)]
        [Dense(2)]
        public partial record [|Net|];
        """,
        "UNR0014", "'Net' is a record, but [Sequential] networks are partial classes");

    [Fact]
    public void UNR0101_SoftmaxOnOneUnit() => AssertDiagnostic("""
        [Sequential]
        [Input(8)]
        [Dense(4, Activation = Activation.ReLU)]
        [[|Dense(1, Activation = Activation.Softmax)|]]
        public partial class Net;
        """,
        "UNR0101", "Layer 'dense_1' (Dense) applies softmax over a single unit (output (None, 1)), so its output is always 1; use sigmoid for one output, or more units");

    [Fact]
    public void UNR0101_SoftmaxActivationLayerOnOneUnit() => AssertDiagnostic("""
        [Sequential]
        [Input(8)]
        [Dense(1)]
        [[|Activation(Activation.Softmax)|]]
        public partial class Net;
        """,
        "UNR0101", "Layer 'activation' (Activation) applies softmax over a single unit (output (None, 1)), so its output is always 1; use sigmoid for one output, or more units");

    [Fact]
    public void UNR0015_NonPositiveArgument() => AssertDiagnostic("""
        [Sequential]
        [Input(28, 28, 1)]
        [[|Conv2D(0, 3)|]]
        public partial class Net;
        """,
        "UNR0015", "Layer 'conv2d' (Conv2D) has filters = 0; it must be at least 1");

    [Fact]
    public void UNR0015_NonPositiveStride() => AssertDiagnostic("""
        [Sequential]
        [Input(28, 28, 1)]
        [[|MaxPooling2D(2, Strides = new[] { 0 })|]]
        public partial class Net;
        """,
        "UNR0015", "Layer 'max_pooling2d' (MaxPooling2D) has Strides = 0; it must be at least 1");

    [Fact]
    public void UNR0016_InvalidDropoutRate() => AssertDiagnostic("""
        [Sequential]
        [Input(8)]
        [[|Dropout(1f)|]]
        [Dense(1)]
        public partial class Net;
        """,
        "UNR0016", "Layer 'dropout' (Dropout) has rate 1; the rate must be in [0, 1)");

    [Fact]
    public void UNR0017_InvalidArity() => AssertDiagnostic("""
        [Sequential]
        [Input(28, 28, 1)]
        [[|Conv2D(8, 3, 3, 3)|]]
        public partial class Net;
        """,
        "UNR0017", "Layer 'conv2d' (Conv2D) gives kernelSize with 3 numbers; give one number (the same for height and width) or two (height, width)");

    [Fact]
    public void UNR0103_KernelLargerThanInput() => AssertDiagnostic("""
        [Sequential]
        [Input(4, 4, 1)]
        [[|Conv2D(8, 5)|]]
        public partial class Net;
        """,
        "UNR0103", "Layer 'conv2d' (Conv2D) with window (5, 5) and strides (1, 1) (valid padding) leaves no output positions on input (None, 4, 4, 1)");

    [Fact]
    public void UNR0103_PoolingLeavesNothing() => AssertDiagnostic("""
        [Sequential]
        [Input(6, 2)]
        [Conv1D(4, 3)]
        [MaxPooling1D(2)]
        [[|MaxPooling1D(3)|]]
        public partial class Net;
        """,
        "UNR0103", "Layer 'max_pooling1d_1' (MaxPooling1D) with window 3 and strides 3 (valid padding) leaves no output positions on input (None, 2, 4)");

    [Fact]
    public void UNR0104_WrongInputRank() => AssertDiagnostic("""
        [Sequential]
        [Input(784)]
        [[|Conv2D(32, 3)|]]
        public partial class Net;
        """,
        "UNR0104", "Layer 'conv2d' (Conv2D) expects input (None, height, width, channels) but receives (None, 784)");

    [Fact]
    public void UNR0105_EmbeddingNotFirst() => AssertDiagnostic("""
        [Sequential]
        [Input(8)]
        [Dense(8)]
        [[|Embedding(100, 4)|]]
        public partial class Net;
        """,
        "UNR0105", "Layer 'embedding' (Embedding) receives (None, 8) from an earlier layer; an Embedding looks up token ids, so it must come right after [Input(steps)]");

    [Fact]
    public void UNR0106_StatefulNeedsBatchSize() => AssertDiagnostic("""
        [Sequential]
        [Input(8, 3)]
        [[|Lstm(4, Stateful = true)|]]
        public partial class Net;
        """,
        "UNR0106", "Layer 'lstm' (LSTM) is stateful, so each row of a batch carries its own state and the batch size must be fixed: declare [Input(…, BatchSize = n)]");

    [Fact]
    public void UNR0018_SoftmaxInRecurrentLayer() => AssertDiagnostic("""
        [Sequential]
        [Input(10, 3)]
        [[|Lstm(16, RecurrentActivation = Activation.Softmax)|]]
        public partial class Net;
        """,
        "UNR0018", "Layer 'lstm' (LSTM) has RecurrentActivation = Softmax, which mixes the units of a gate; use Tanh, Sigmoid, ReLU or Linear");

    [Fact]
    public void UNR0025_RecurrentOnlyActivation() => AssertDiagnostic("""
        [Sequential]
        [Input(10)]
        [[|Dense(4, Activation = Activation.HardSigmoid)|]]
        public partial class Net;
        """,
        "UNR0025", "Layer 'dense' (Dense) has Activation = HardSigmoid, which Unroll implements only inside an LSTM (Activation or RecurrentActivation); use ReLU, Sigmoid, Tanh, Softmax or Linear");

    [Fact]
    public void UNR0107_LstmAfterLstmWithoutSequences() => AssertDiagnostic("""
        [Sequential]
        [Input(10, 3)]
        [Lstm(16)]
        [[|Lstm(8)|]]
        public partial class Net;
        """,
        "UNR0107", "Layer 'lstm_1' (LSTM) needs a sequence (None, steps, features) but layer 'lstm' gives (None, 16): set ReturnSequences = true on 'lstm' so it passes every step on");

    /// <summary>Every triggerable descriptor has a test above whose name starts with its id.</summary>
    [Fact]
    public void Every_diagnostic_id_has_a_test()
    {
        var ids = typeof(DiagnosticDescriptors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id)
            .Where(id => id != DiagnosticDescriptors.InternalError.Id)
            .ToList();
        var tested = typeof(DiagnosticTests).GetMethods().Select(m => m.Name.Split('_')[0]).ToHashSet();
        Assert.All(ids, id => Assert.Contains(id, tested));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    private const string Usings = "using Unroll;\n\n";

    private static void AssertDiagnostic(string markedSource, string id, string message)
    {
        (string source, TextSpan span) = Marked(Usings + markedSource);
        GeneratorResult result = GeneratorHarness.Run(source);

        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.True(span == diagnostic.Location.SourceSpan,
            $"Expected the span of '{source.Substring(span.Start, span.Length)}' {span}, got " +
            $"'{SafeSubstring(source, diagnostic.Location.SourceSpan)}' {diagnostic.Location.SourceSpan}");
        FileLinePositionSpan lines = diagnostic.Location.GetLineSpan();
        Assert.Equal(GeneratorHarness.DefaultPath, lines.Path);
        Assert.Equal(result.InputCompilation.SyntaxTrees.Single().GetLineSpan(span).Span, lines.Span);
        Assert.Empty(result.Sources);
    }

    /// <summary>Removes the <c>[|…|]</c> marker and returns the span it enclosed.</summary>
    private static (string Source, TextSpan Span) Marked(string marked)
    {
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", start + 2, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "The test source needs one [|…|] marker.");
        string source = marked.Remove(end, 2).Remove(start, 2);
        return (source, TextSpan.FromBounds(start, end - 2));
    }

    private static string SafeSubstring(string text, TextSpan span)
        => span.End <= text.Length ? text.Substring(span.Start, span.Length) : "(out of range)";
}
