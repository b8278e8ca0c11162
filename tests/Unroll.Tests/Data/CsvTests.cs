using Unroll;

namespace Unroll.Tests.Data;

public class CsvTests
{
    private static Matrix Parse(string text, bool? hasHeader = null, char separator = ',')
        => Csv.Parse(new StringReader(text), "test.csv", hasHeader, separator);

    [Fact]
    public void Parses_rows_without_header()
    {
        Matrix m = Csv.Parse(new StringReader("1,2.5,-3\n4e1,0.125,6\n"), "test.csv", out string[]? header);

        Assert.Null(header);
        Assert.Equal(2, m.Rows);
        Assert.Equal(3, m.Columns);
        Assert.Equal([1f, 2.5f, -3f, 40f, 0.125f, 6f], m.Data);
    }

    [Fact]
    public void Auto_detects_header_and_returns_names()
    {
        Matrix m = Csv.Parse(new StringReader("a, \"b,c\" ,d\n1,2,3\n"), "test.csv", out string[]? header);

        Assert.NotNull(header);
        Assert.Equal(["a", "b,c", "d"], header);
        Assert.Equal(1, m.Rows);
        Assert.Equal([1f, 2f, 3f], m.Data);
    }

    [Fact]
    public void Explicit_header_skips_a_numeric_first_line()
    {
        Matrix m = Parse("10,20\n1,2\n", hasHeader: true);

        Assert.Equal(1, m.Rows);
        Assert.Equal([1f, 2f], m.Data);
    }

    [Fact]
    public void No_header_turns_text_in_the_first_line_into_an_error()
    {
        var ex = Assert.Throws<FormatException>(() => Parse("x,y\n1,2\n", hasHeader: false));
        Assert.Contains("test.csv, line 1, column 1", ex.Message);
        Assert.Contains("\"x\"", ex.Message);
    }

    [Fact]
    public void Skips_blank_lines_and_handles_CrLf()
    {
        Matrix m = Parse("\r\n1;2\r\n   \r\n3;4\r\n\r\n\n", separator: ';');

        Assert.Equal(2, m.Rows);
        Assert.Equal([1f, 2f, 3f, 4f], m.Data);
    }

    [Fact]
    public void Ignores_CurrentCulture()
    {
        var saved = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal([1.5f, 2.25f], Parse("1.5,2.25").Data);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Ragged_row_names_line_and_counts()
    {
        var ex = Assert.Throws<FormatException>(() => Parse("h1,h2,h3\n1,2,3\n\n4,5\n"));

        Assert.Contains("test.csv", ex.Message);
        Assert.Contains("line 4", ex.Message);
        Assert.Contains("expected 3", ex.Message);
        Assert.Contains("found 2", ex.Message);
    }

    [Fact]
    public void Bad_number_names_line_column_and_text()
    {
        var ex = Assert.Throws<FormatException>(() => Parse("1,2\n3,4x\n"));

        Assert.Contains("test.csv, line 2, column 2", ex.Message);
        Assert.Contains("\"4x\"", ex.Message);
    }

    [Fact]
    public void Empty_field_is_an_error()
    {
        var ex = Assert.Throws<FormatException>(() => Parse("1,2\n3,\n"));
        Assert.Contains("line 2, column 2", ex.Message);
    }

    [Fact]
    public void Empty_input_gives_empty_matrix()
    {
        Matrix m = Parse("\n\n");
        Assert.Equal(0, m.Rows);
        Assert.Equal(0, m.Columns);
    }

    [Fact]
    public void Header_only_gives_zero_rows_with_its_width()
    {
        Matrix m = Csv.Parse(new StringReader("a,b\n"), "test.csv", out string[]? header);
        Assert.NotNull(header);
        Assert.Equal(["a", "b"], header);
        Assert.Equal(0, m.Rows);
        Assert.Equal(2, m.Columns);
    }

    [Fact]
    public void Loads_Pima_dataset()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "pima-indians-diabetes.csv");

        Matrix m = Csv.Load(path, out string[]? header);

        Assert.Null(header);
        Assert.Equal(768, m.Rows);
        Assert.Equal(9, m.Columns);
        Assert.Equal([6f, 148f, 72f, 35f, 0f, 33.6f, 0.627f, 50f, 1f], m.Row(0).ToArray());
        int positives = 0;
        for (int r = 0; r < m.Rows; r++) if (m[r, 8] == 1f) positives++;
        Assert.Equal(268, positives);

        (Matrix features, Matrix labels) = m.SplitLabel(-1);
        Assert.Equal(8, features.Columns);
        Assert.Equal(1, labels.Columns);
        Assert.Equal(268f, labels.Data.Sum());
    }

    [Fact]
    public void Load_errors_name_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"unroll-csv-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "1,2\n3,oops\n");
        try
        {
            var ex = Assert.Throws<FormatException>(() => Csv.Load(path));
            Assert.Contains(Path.GetFileName(path) + ", line 2, column 2", ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Split_label_takes_any_column()
    {
        var table = new Matrix(2, 3, [1, 2, 3, 4, 5, 6]);

        var (f0, l0) = table.SplitLabel(0);
        Assert.Equal([2f, 3f, 5f, 6f], f0.Data);
        Assert.Equal([1f, 4f], l0.Data);

        var (f1, l1) = table.SplitLabel(-2);
        Assert.Equal([1f, 3f, 4f, 6f], f1.Data);
        Assert.Equal([2f, 5f], l1.Data);

        Assert.Throws<ArgumentOutOfRangeException>(() => table.SplitLabel(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.SplitLabel(-4));
    }

    [Fact]
    public void Select_columns_and_rows()
    {
        var table = new Matrix(2, 3, [1, 2, 3, 4, 5, 6]);

        Assert.Equal([3f, 1f, 6f, 4f], table.SelectColumns(-1, 0).Data);
        Assert.Equal([4f, 5f, 6f, 1f, 2f, 3f, 4f, 5f, 6f], table.SelectRows(1, 0, 1).Data);
        Assert.Throws<ArgumentOutOfRangeException>(() => table.SelectRows(2));
    }
}
