using System.Globalization;
using System.Text;
using CsCheck;
using Unroll;
using Unroll.Tests.Files;

namespace Unroll.Tests.Data;

public class CsvCategoricalTests
{
    private const string Loans =
        "Gender,Married,Income,Status\n" +
        "Male,Yes,5849,Y\n" +
        "Female,No,4583,N\n" +
        "Male,No,3000,Y\n";

    private static CsvTable Read(string text, IEnumerable<string>? categorical = null, CsvMissing missing = CsvMissing.Error,
        bool? hasHeader = null, IReadOnlyDictionary<string, LabelEncoder>? encoders = null)
        => Csv.Read(new StringReader(text), "loans.csv", categorical, missing, hasHeader, encoders: encoders);

    [Fact]
    public void Text_columns_become_sorted_class_ids_with_their_encoders()
    {
        CsvTable table = Read(Loans, ["Gender", "Married", "Status"]);

        Assert.Equal(["Gender", "Married", "Income", "Status"], table.Header!);
        Assert.Equal(3, table.Data.Rows);
        Assert.Equal([1f, 1f, 5849f, 1f, 0f, 0f, 4583f, 0f, 1f, 0f, 3000f, 1f], table.Data.Data);
        Assert.Equal(["Female", "Male"], table.Encoders["Gender"].Classes);
        Assert.Equal(["N", "Y"], table.Encoders["Status"].Classes);
        Assert.Equal(["Yes", "No", "No"], table.Encoders["Married"].InverseTransform([1f, 0f, 0f]));
        Assert.Equal(2, table.ColumnIndex("Income"));
        Assert.Equal(0, table.DroppedRows);
    }

    [Fact]
    public void Read_from_a_file_gives_the_same_table()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("loans.csv");
        File.WriteAllText(path, Loans);

        CsvTable table = Csv.Read(path, categorical: ["Gender", "Married", "Status"]);

        Assert.Equal(Read(Loans, ["Gender", "Married", "Status"]).Data.Data, table.Data.Data);
    }

    [Fact]
    public void Text_in_a_column_not_named_stays_an_error_with_line_and_column()
    {
        var e = Assert.Throws<FormatException>(() => Read(Loans, ["Gender", "Married"]));
        Assert.StartsWith("loans.csv, line 2, column 4: expected a number, but found \"Y\"", e.Message);
    }

    [Fact]
    public void Quoted_values_keep_commas_and_quotes()
    {
        CsvTable table = Read("City,Size\n\"Paris, France\",1\n\"say \"\"hi\"\"\",2\n\"Paris, France\",3\n", ["City"]);

        Assert.Equal(["Paris, France", "say \"hi\""], table.Encoders["City"].Classes);
        Assert.Equal([0f, 1f, 1f, 2f, 0f, 3f], table.Data.Data);
    }

    [Fact]
    public void An_empty_field_is_an_error_by_default_naming_line_and_column()
    {
        var e = Assert.Throws<FormatException>(() => Read("Gender,Income\nMale,1\n,2\n", ["Gender"]));
        Assert.StartsWith("loans.csv, line 3, column 1: the field is empty (a missing value).", e.Message);

        e = Assert.Throws<FormatException>(() => Read("Gender,Income\nMale,1\nFemale,  \n", ["Gender"]));
        Assert.StartsWith("loans.csv, line 3, column 2: the field is empty", e.Message);
    }

    [Fact]
    public void DropRow_leaves_out_rows_with_an_empty_field_and_their_categories()
    {
        CsvTable table = Read("Gender,Income\nMale,1\n,2\nOther,\nFemale,4\n", ["Gender"], CsvMissing.DropRow);

        Assert.Equal(2, table.DroppedRows);
        Assert.Equal(["Female", "Male"], table.Encoders["Gender"].Classes); // "Other" was only in a dropped row
        Assert.Equal([1f, 1f, 0f, 4f], table.Data.Data);
    }

    [Fact]
    public void DropRow_works_without_text_columns_and_without_a_header()
    {
        CsvTable table = Read("1,2\n,3\n4,5\n", missing: CsvMissing.DropRow, hasHeader: false);

        Assert.Null(table.Header);
        Assert.Equal(1, table.DroppedRows);
        Assert.Equal([1f, 2f, 4f, 5f], table.Data.Data);
    }

    [Fact]
    public void Dropped_rows_across_storage_chunks_leave_the_kept_values_in_order()
    {
        var text = new StringBuilder("k,v,w\n");
        var kept = new List<float>();
        for (int i = 0; i < 30_000; i++)
        {
            if (i % 3 == 1) text.Append(CultureInfo.InvariantCulture, $"c{i % 5},{i},\n");
            else { text.Append(CultureInfo.InvariantCulture, $"c{i % 5},{i},{-i}\n"); kept.AddRange([i % 5, i, -i]); }
        }

        CsvTable table = Read(text.ToString(), ["k"], CsvMissing.DropRow);

        Assert.Equal(10_000, table.DroppedRows);
        Assert.Equal(kept, table.Data.Data);
    }

    [Fact]
    public void Encoders_from_training_data_encode_new_data_the_same_way()
    {
        CsvTable train = Read(Loans, ["Gender", "Married", "Status"]);

        CsvTable test = Read("Gender,Married,Income,Status\nFemale,Yes,10,N\n", encoders: train.Encoders);

        Assert.Equal([0f, 1f, 10f, 0f], test.Data.Data);
        Assert.Same(train.Encoders["Gender"], test.Encoders["Gender"]);
        var e = Assert.Throws<FormatException>(() => Read("Gender,Married,Income,Status\nFemale,Maybe,10,N\n", encoders: train.Encoders));
        Assert.StartsWith("loans.csv, line 2, column 2: \"Maybe\" is not one of the classes of the encoder given for column 'Married'", e.Message);
    }

    [Fact]
    public void Named_columns_must_be_in_the_header()
    {
        var e = Assert.Throws<FormatException>(() => Read(Loans, ["Sex"]));
        Assert.Equal("loans.csv: there is no column 'Sex'; the columns are 'Gender', 'Married', 'Income', 'Status'.", e.Message);

        e = Assert.Throws<FormatException>(() => Read("1,2\n3,4\n", ["Gender"]));
        Assert.Contains("the file has no header line", e.Message);

        e = Assert.Throws<FormatException>(() => Read("", ["Gender"]));
        Assert.Equal("loans.csv is empty: there is no column 'Gender'.", e.Message);

        e = Assert.Throws<FormatException>(() => Read("a,a\nx,1\n", ["a"]));
        Assert.Contains("two columns are named 'a'", e.Message);
    }

    [Fact]
    public void Numbers_in_a_text_column_are_categories_too()
    {
        CsvTable table = Read("Dependents,Income\n3+,1\n0,2\n10,3\n", ["Dependents"]);

        Assert.Equal(["0", "10", "3+"], table.Encoders["Dependents"].Classes);
        Assert.Equal([2f, 1f, 0f, 2f, 1f, 3f], table.Data.Data);
    }

    [Fact]
    public void A_header_only_file_gives_no_rows_and_an_unfitted_encoder()
    {
        CsvTable table = Read("Gender,Income\n", ["Gender"]);

        Assert.Equal(0, table.Data.Rows);
        Assert.False(table.Encoders["Gender"].IsFitted);
    }

    // Without text columns or empty fields, Read gives what Load always gave.
    [Fact]
    public void Without_text_columns_Read_equals_Parse()
    {
        Gen.Select(Gen.Int[1, 5], Gen.Int[0, 8], Gen.Bool).SelectMany((c, r, header) =>
            Gen.Float[-1e5f, 1e5f].Array[c * r].Select(v => (c, r, header, v))).Sample(t =>
        {
            var text = new StringBuilder(t.header ? string.Join(",", Enumerable.Range(0, t.c).Select(i => $"c{i}")) + "\n" : "");
            for (int i = 0; i < t.r; i++)
                text.Append(string.Join(",", t.v.Skip(i * t.c).Take(t.c).Select(f => f.ToString("R", CultureInfo.InvariantCulture)))).Append('\n');

            Matrix expected = Csv.Parse(new StringReader(text.ToString()), "t.csv", out string[]? header);
            CsvTable read = Csv.Read(new StringReader(text.ToString()), "t.csv");

            Assert.Equal(expected.Data, read.Data.Data);
            Assert.Equal((expected.Rows, expected.Columns), (read.Data.Rows, read.Data.Columns));
            Assert.Equal(header, read.Header);
            Assert.Empty(read.Encoders);
        });
    }

    // Any table of text and numbers, written as a spreadsheet would quote it, reads back to the same
    // values: the text through the encoders, the ids in sorted order, rows with a blank dropped.
    [Fact]
    public void Round_trips_any_table_of_text_and_numbers()
    {
        var cells = Gen.String[Gen.Char[" ,\"xyzé\t;"], 1, 6].Where(t => t.Trim().Length > 0 && t.Trim() == t);
        var rows = Gen.Select(cells, Gen.Float[-1e6f, 1e6f], Gen.Int[0, 5]).Array[0, 30];
        Gen.Select(rows, Gen.Bool).Sample((table, crlf) =>
        {
            var text = new StringBuilder("Name , Value\n");
            var kept = new List<(string Name, float Value)>();
            foreach (var (name, value, blank) in table)
            {
                string number = value.ToString("R", CultureInfo.InvariantCulture);
                string nameCell = '"' + name.Replace("\"", "\"\"") + '"';
                if (blank == 0) text.Append(CultureInfo.InvariantCulture, $"{nameCell},");           // missing value
                else if (blank == 1) text.Append(CultureInfo.InvariantCulture, $"  ,{number}");       // missing name
                else { text.Append(CultureInfo.InvariantCulture, $" {nameCell} ,{number}"); kept.Add((name, value)); }
                text.Append(crlf ? "\r\n" : "\n");
            }

            CsvTable read = Csv.Read(new StringReader(text.ToString()), "t.csv", ["Name"], CsvMissing.DropRow);

            Assert.Equal(table.Length - kept.Count, read.DroppedRows);
            Assert.Equal(kept.Count, read.Data.Rows);
            float[] ids = [.. Enumerable.Range(0, kept.Count).Select(r => read.Data[r, 0])];
            if (kept.Count == 0) { Assert.False(read.Encoders["Name"].IsFitted); return; }
            Assert.Equal(kept.Select(k => k.Name), read.Encoders["Name"].InverseTransform(ids));
            Assert.Equal(kept.Select(k => k.Value), Enumerable.Range(0, kept.Count).Select(r => read.Data[r, 1]));
            string[] classes = [.. read.Encoders["Name"].Classes];
            Assert.Equal(classes.Order(StringComparer.Ordinal), classes);
            Assert.Equal(kept.Select(k => k.Name).Distinct().Count(), classes.Length);
        });
    }
}
