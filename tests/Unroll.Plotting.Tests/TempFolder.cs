namespace Unroll.Plotting.Tests;

/// <summary>A fresh empty folder for one test's files, deleted with everything in it at the end of the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "unroll-plotting-tests", Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { } // a reader still holds a file: the OS temp cleaner takes it later
    }
}
