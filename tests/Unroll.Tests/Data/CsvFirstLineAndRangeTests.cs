using System.Globalization;

namespace Unroll.Tests.Data;

/// <summary>
/// The first line is a header only when none of its fields is a number, so a row of data with one
/// bad cell is reported (line and column), never swallowed as a header; numbers beyond the float
/// range are refused, not read as infinity; and a very long line is read without holding it whole.
/// </summary>
public class CsvFirstLineAndRangeTests
{
    private static Matrix Parse(string text, out string[]? header, bool? hasHeader = null)
        => Csv.Parse(new StringReader(text), "t.csv", out header, hasHeader);

    private static string Number(Random random) => (random.NextDouble() * 200 - 100).ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public void A_first_line_mixing_numbers_and_text_is_an_error_at_its_first_text_field()
    {
        var random = new Random(41);
        for (int trial = 0; trial < 300; trial++)
        {
            int columns = 2 + random.Next(6);
            bool[] text = [.. Enumerable.Range(0, columns).Select(_ => random.Next(2) == 0)];
            if (text.All(t => t)) text[random.Next(columns)] = false;
            if (!text.Any(t => t)) text[random.Next(columns)] = true;
            string first = string.Join(",", text.Select((t, c) => t ? $"x{c}" : Number(random)));
            string body = string.Join("\n", Enumerable.Range(0, 1 + random.Next(4)).Select(_ => string.Join(",", Enumerable.Range(0, columns).Select(_ => Number(random)))));
            var e = Assert.Throws<FormatException>(() => Parse(first + "\n" + body, out _));
            int bad = Array.IndexOf(text, true);
            Assert.StartsWith($"t.csv, line 1, column {bad + 1}: expected a number, but found \"x{bad}\"", e.Message);
            Assert.Contains("hasHeader: true", e.Message);
        }
    }

    [Fact]
    public void A_first_line_of_text_only_is_the_header_and_every_data_row_is_kept()
    {
        var random = new Random(42);
        for (int trial = 0; trial < 100; trial++)
        {
            int columns = 1 + random.Next(6), rows = random.Next(5);
            // Empty names too, except as a line's only field: that line is blank, and blank lines are skipped.
            string[] names = [.. Enumerable.Range(0, columns).Select(c => columns > 1 && random.Next(3) == 0 ? "" : $"col {c}")];
            float[] values = [.. Enumerable.Range(0, rows * columns).Select(_ => (float)Math.Round(random.NextDouble() * 100, 2))];
            string text = string.Join(",", names) + "\n" + string.Join("\n", Enumerable.Range(0, rows).Select(r =>
                string.Join(",", values.Skip(r * columns).Take(columns).Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));
            Matrix m = Parse(text, out string[]? header);
            Assert.Equal(names, header);
            Assert.Equal((rows, columns), (m.Rows, m.Columns));
            Assert.Equal(values, m.Data);
        }
    }

    [Theory]
    [InlineData("1e39")]
    [InlineData("-1e39")]
    [InlineData("3.5e38")]
    [InlineData("1E+39")]
    [InlineData(" 340282357000000000000000000000000000000 ")]
    public void Numbers_beyond_the_float_range_are_refused_where_they_are(string field)
    {
        foreach (bool? hasHeader in new bool?[] { null, false, true })
        {
            var e = Assert.Throws<FormatException>(() => Parse($"1,2\n3,{field}\n", out _, hasHeader));
            Assert.StartsWith($"t.csv, line 2, column 2: {field.Trim()} is beyond the float range", e.Message);
        }
        var first = Assert.Throws<FormatException>(() => Parse($"{field},2\n3,4\n", out _));
        Assert.StartsWith($"t.csv, line 1, column 1: {field.Trim()} is beyond the float range", first.Message);
    }

    [Fact]
    public void The_float_range_itself_infinity_and_underflow_are_read()
    {
        Matrix m = Parse("3.4028235e38,-3.4028235e38,Infinity,-Infinity,1e-50,NaN\n", out _);
        Assert.Equal([float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity, 0f, float.NaN], m.Data);
    }

    [Fact]
    public void A_field_longer_than_any_number_or_name_is_refused()
    {
        var e = Assert.Throws<FormatException>(() => Parse("1," + new string('7', Csv.MaxFieldLength + 1) + "\n", out _));
        Assert.StartsWith("t.csv, line 1, column 2: a field is longer than", e.Message);
    }

    /// <summary>One line of <c>count</c> fields "1.5", made as it is read: the test itself holds none of it.</summary>
    private sealed class LongLine(int count) : TextReader
    {
        private const string Field = "1.5,";
        private long _position;
        private readonly long _length = (long)count * Field.Length;

        public override int Read(char[] buffer, int index, int length)
        {
            int n = (int)Math.Min(length, _length - _position);
            for (int i = 0; i < n; i++) buffer[index + i] = _position + i == _length - 1 ? '\n' : Field[(int)((_position + i) % Field.Length)];
            _position += n;
            return n;
        }
    }

    [Fact]
    public void A_long_line_costs_its_values_not_its_text()
    {
        const int count = 4_000_000; // 16 M characters on one line
        long before = GC.GetAllocatedBytesForCurrentThread();
        Matrix m = Csv.Parse(new LongLine(count), "long.csv", hasHeader: false);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal((1, count), (m.Rows, m.Columns));
        Assert.All(m.Data, v => Assert.Equal(1.5f, v));
        // The values held while reading and the matrix's copy: 2 × 4 bytes a value, and little else.
        Assert.True(allocated < 2L * sizeof(float) * count + (1 << 20), $"{allocated} bytes allocated for {count} values");
    }
}
