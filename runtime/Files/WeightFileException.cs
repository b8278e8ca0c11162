namespace Unroll;

/// <summary>
/// A weight or model file that cannot be read into a network: wrong format, truncated data, a
/// tensor missing or of the wrong shape, a different architecture. Says which file and what.
/// </summary>
public sealed class WeightFileException : IOException
{
    /// <summary>Creates the exception for <paramref name="source"/> (a path, or a name for in-memory data).</summary>
    public WeightFileException(string source, string problem, Exception? inner = null)
        : base($"{source}: {problem}", inner)
    {
        Source = source;
        Problem = problem;
    }

    /// <summary>The file (or in-memory source) that was read.</summary>
    public new string Source { get; }

    /// <summary>What is wrong with it, without the file name.</summary>
    public string Problem { get; }
}
