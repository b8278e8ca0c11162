using System.Runtime.CompilerServices;
using System.Text;
using Unroll.Generator.Emitting;

namespace Unroll.Generator.Tests.Infrastructure;

/// <summary>
/// Full-file baselines with Verify's file conventions, so that moving to Verify.Xunit later is a
/// one-line change: <c>&lt;TestClass&gt;.&lt;TestMethod&gt;.verified.cs</c> beside the test source
/// (the class name is taken from the test's file name), never compiled; a mismatch writes
/// <c>.received.cs</c> beside it and fails with the first differing lines.
/// Set <c>UNROLL_ACCEPT_SNAPSHOTS=1</c> to write the received text as the new baseline.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "UNROLL_ACCEPT_SNAPSHOTS";

    private const int MaxDiffLines = 12;
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private static bool AcceptMode => Environment.GetEnvironmentVariable(AcceptVariable) is "1" or "true";

    public static void Verify(string actual, [CallerFilePath] string testFile = "", [CallerMemberName] string testMethod = "")
    {
        string directory = Path.GetDirectoryName(testFile)!;
        string baseName = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(testFile)}.{testMethod}");
        string verifiedPath = baseName + ".verified.cs";
        string receivedPath = baseName + ".received.cs";
        string received = Scrub(actual);

        if (AcceptMode)
        {
            File.WriteAllText(verifiedPath, received, Utf8NoBom);
            File.Delete(receivedPath);
            return;
        }
        if (!File.Exists(verifiedPath))
        {
            File.WriteAllText(receivedPath, received, Utf8NoBom);
            Assert.Fail($"No baseline {Path.GetFileName(verifiedPath)}; wrote {Path.GetFileName(receivedPath)}. " +
                        $"Read it, then rename it to .verified.cs or rerun with {AcceptVariable}=1 to accept.");
        }

        string verified = Normalize(File.ReadAllText(verifiedPath));
        if (verified == received)
        {
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, received, Utf8NoBom);
        Assert.Fail($"{Path.GetFileName(receivedPath)} differs from {Path.GetFileName(verifiedPath)} " +
                    $"(rerun with {AcceptVariable}=1 to accept):\n{Diff(verified, received)}");
    }

    /// <summary>Removes what changes without the output changing meaning: the generator version and line ends.</summary>
    public static string Scrub(string text)
        => Normalize(text)
            .Replace($"Unroll.Generator {NetworkEmitter.Version}", "Unroll.Generator {version}")
            .Replace($"\"Unroll.Generator\", \"{NetworkEmitter.Version}\"", "\"Unroll.Generator\", \"{version}\"");

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF');

    /// <summary>A short unified-style diff: the first differing lines, with their line numbers.</summary>
    public static string Diff(string expected, string actual)
    {
        string[] a = expected.Split('\n'), b = actual.Split('\n');
        var output = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < Math.Max(a.Length, b.Length) && shown < MaxDiffLines; i++)
        {
            string? left = i < a.Length ? a[i] : null, right = i < b.Length ? b[i] : null;
            if (left == right) continue;
            output.Append("@@ line ").Append(i + 1).Append(" @@\n");
            if (left is not null) output.Append("- ").Append(left).Append('\n');
            if (right is not null) output.Append("+ ").Append(right).Append('\n');
            shown++;
        }
        if (a.Length != b.Length) output.Append($"({a.Length} lines verified, {b.Length} received)\n");
        return output.ToString();
    }
}
