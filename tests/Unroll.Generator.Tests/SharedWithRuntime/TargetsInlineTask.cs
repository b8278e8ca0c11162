using System.Reflection;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Unroll.Generator.Tests.SharedWithRuntime;

/// <summary>
/// One inline task of runtime/build/Unroll.targets (a RoslynCodeTaskFactory fragment), compiled here as
/// <c>bool Run(parameters…)</c> with a stand-in for MSBuild's <c>Log</c> that records the errors it logs.
/// </summary>
internal sealed class TargetsInlineTask
{
    private static readonly string Targets = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Unroll.targets");

    private readonly MethodInfo _run;
    private readonly FieldInfo _errors;

    private TargetsInlineTask(MethodInfo run, FieldInfo errors)
    {
        _run = run;
        _errors = errors;
    }

    /// <summary>
    /// Runs the task with its parameters in the targets file's order (those left off unset, as MSBuild leaves an empty one;
    /// a System.Boolean one given as "true" or "false"): whether it succeeded, and the errors it logged.
    /// </summary>
    public (bool Succeeded, IReadOnlyList<string> Errors) Run(params string?[] parameters)
    {
        var errors = new List<string>();
        _errors.SetValue(null, errors);
        object?[] arguments = [.. _run.GetParameters().Select<ParameterInfo, object?>((p, i) => i >= parameters.Length || parameters[i] is null ? (p.ParameterType == typeof(bool) ? false : null)
            : p.ParameterType == typeof(bool) ? bool.Parse(parameters[i]!) : parameters[i])];
        bool succeeded = (bool)_run.Invoke(null, arguments)!;
        return (succeeded && errors.Count == 0, errors);
    }

    /// <summary>The C# of the task named <paramref name="taskName"/> in Unroll.targets.</summary>
    public static string Fragment(string taskName) => Code(Task(taskName));

    public static TargetsInlineTask Compile(string taskName)
    {
        XElement task = Task(taskName);
        string[] parameters = [.. task.Descendants().Single(e => e.Name.LocalName == "ParameterGroup").Elements()
            .Select(e => ((string?)e.Attribute("ParameterType") == "System.Boolean" ? "bool " : "string ") + e.Name.LocalName)];
        string[] usings = [.. task.Descendants().Where(e => e.Name.LocalName == "Using").Select(e => $"using {(string)e.Attribute("Namespace")!};")];
        // The usings RoslynCodeTaskFactory gives a fragment, minus MSBuild's own; Log is a stand-in with the overloads the tasks call.
        string program = $$"""
            using System;
            using System.Collections;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Text;
            {{string.Join("\n", usings)}}

            public sealed class TaskLog
            {
                public static List<string> Errors = new();
                public void LogError(string message, params object[] args) => Errors.Add(message);
                public void LogError(string subcategory, string errorCode, string helpKeyword, string file, int line, int column, int endLine, int endColumn, string message, params object[] args)
                    => Errors.Add(file + ": " + message);
            }

            public static class InlineTask
            {
                private static readonly TaskLog Log = new();

                public static bool Run({{string.Join(", ", parameters)}})
                {
            {{Code(task)}}
                    return true;
                }
            }
            """;
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Unroll" + taskName,
            [CSharpSyntaxTree.ParseText(program)],
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, $"Unroll.targets' {taskName} does not compile:\n" + string.Join("\n", emitted.Diagnostics));
        Assembly assembly = Assembly.Load(image.ToArray());
        return new TargetsInlineTask(assembly.GetType("InlineTask")!.GetMethod("Run")!, assembly.GetType("TaskLog")!.GetField("Errors")!);
    }

    private static XElement Task(string taskName)
    {
        XDocument targets = XDocument.Load(Targets);
        return Assert.Single(targets.Descendants(), e => e.Name.LocalName == "UsingTask" && (string?)e.Attribute("TaskName") == taskName);
    }

    private static string Code(XElement task)
    {
        XElement fragment = Assert.Single(task.Descendants(), e => e.Name.LocalName == "Code" && e.Parent!.Name.LocalName == "Task");
        Assert.Equal("Fragment", (string?)fragment.Attribute("Type"));
        return fragment.Value;
    }
}
