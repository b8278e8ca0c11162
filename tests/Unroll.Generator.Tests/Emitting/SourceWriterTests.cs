using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unroll.Generator.Emitting;

namespace Unroll.Generator.Tests.Emitting;

/// <summary>String constants are written as raw literals where they can be, and always hold the exact text.</summary>
public sealed class SourceWriterTests
{
    [Theory]
    [InlineData(new[] { "Model: \"Net\"\n_____\n Layer (type)   Output Shape\n" }, "\"\"\"\n")]
    [InlineData(new[] { "a \"\"\" b\nc" }, "\"\"\"\"\n")]
    [InlineData(new[] { "{\"a\": [", "{\"b\": \"\"}, ", "{\"c\": 1}]}" }, "\"\"\"{\"a\": [\"\"\" +")]
    [InlineData(new[] { "\"quoted at both ends\"", "tab\there", "line\u2028break", "cr\r\nlf" }, "\"\\\"quoted at both ends\\\"\" +")]
    public void A_constant_holds_exactly_its_pieces(string[] pieces, string expectedStart)
    {
        var writer = new SourceWriter();
        writer.Line("class C");
        writer.Line("{");
        writer.Indent();
        writer.ConstString("const string Text", pieces);
        writer.Outdent();
        writer.Line("}");
        string source = writer.ToString();

        Assert.Contains(expectedStart, source);
        SyntaxTree tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp11));
        var compilation = CSharpCompilation.Create("T", [tree], [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)], new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var declarator = tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>().Single();
        Assert.Equal(string.Concat(pieces), compilation.GetSemanticModel(tree).GetConstantValue(declarator.Initializer!.Value).Value);
    }
}
