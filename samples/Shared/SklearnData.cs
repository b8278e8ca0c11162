// The small tables scikit-learn ships (iris.csv, wine_data.csv, breast_cancer.csv,
// boston_house_prices.csv), read from Debian's python3-sklearn: real data a user can have offline.
// Shared by the recipe samples (linked into each project), not part of the Unroll library.
using Unroll;

/// <summary>One scikit-learn table: the features, the target per row, and the names it gives.</summary>
/// <param name="Features">One row per sample.</param>
/// <param name="Target">The last column: a class id or a regression target.</param>
/// <param name="ClassNames">The class names of a classification table (empty for regression).</param>
/// <param name="ColumnNames">The column names when the file has them (the Boston table), else empty.</param>
/// <param name="Path">Where the table was read from.</param>
internal sealed record SklearnTable(Matrix Features, float[] Target, string[] ClassNames, string[] ColumnNames, string Path);

internal static class SklearnData
{
    public const string DebianPackage = "python3-sklearn";
    public const string DebianDirectory = "/usr/lib/python3/dist-packages/sklearn/datasets/data";

    /// <summary>
    /// Reads <paramref name="fileName"/> from <paramref name="path"/> when given (a sample's first
    /// argument), else from the Debian folder. A missing file ends the program with exit code 2 and
    /// the apt-get line that installs it (and <paramref name="missingNote"/>, when given): a recipe
    /// never falls back to other data silently.
    /// </summary>
    public static SklearnTable Load(string fileName, string? path = null, string? missingNote = null)
    {
        path ??= Path.Combine(DebianDirectory, fileName);
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"{path} not found. It ships with Debian's {DebianPackage}:");
            Console.Error.WriteLine($"  sudo apt-get install {DebianPackage}");
            Console.Error.WriteLine($"or pass the path of a copy of scikit-learn's {fileName} as the first argument.");
            if (missingNote is not null) Console.Error.WriteLine(missingNote);
            Environment.Exit(2);
        }

        // scikit-learn's layout: a first line "samples,features,class names…" (Boston: "506,13,,,…"),
        // then, for Boston only, a line of quoted column names, then the rows with the target last.
        using var reader = new StreamReader(path);
        string[] counts = (reader.ReadLine() ?? throw new FormatException($"{path} is empty.")).Split(',');
        if (counts.Length < 2 || !int.TryParse(counts[0], out int samples) || !int.TryParse(counts[1], out int features))
            throw new FormatException($"{path}: expected a first line 'samples,features,…' as scikit-learn writes it, got '{string.Join(',', counts)}'.");
        string[] classNames = [.. counts[2..].Where(name => name.Length > 0)];

        Matrix table = Csv.Parse(reader, Path.GetFileName(path), out string[]? header);
        if (table.Rows != samples || table.Columns != features + 1)
            throw new FormatException($"{path}: the first line promises {samples} rows of {features} features and a target, but the file has {table.Rows} rows of {table.Columns} columns.");
        var (x, y) = table.SplitLabel(column: -1);
        return new SklearnTable(x, y.Data, classNames, header ?? [], path);
    }
}
