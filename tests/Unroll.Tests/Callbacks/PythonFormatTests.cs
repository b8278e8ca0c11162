using System.Text.Json;

namespace Unroll.Tests.Callbacks;

/// <summary>
/// Checkpoint names as Python's str.format makes them (Keras's ModelCheckpoint calls
/// <c>filepath.format(epoch=epoch + 1, **logs)</c>): tests/reference/make_format_reference.py
/// wrote the expected strings, for the tutorials' templates, exact ties and 400 generated specs.
/// </summary>
public class PythonFormatTests
{
    private static JsonElement Load()
        => JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "format_reference.json"))).RootElement.GetProperty("cases");

    [Fact]
    public void Every_case_matches_python()
    {
        var failures = new List<string>();
        int count = 0;
        foreach (JsonElement c in Load().EnumerateArray())
        {
            count++;
            string template = c.GetProperty("template").GetString()!;
            var names = new List<string>();
            var values = new List<float>();
            foreach (JsonProperty p in c.GetProperty("logs").EnumerateObject())
            {
                names.Add(p.Name);
                values.Add(BitConverter.UInt32BitsToSingle(p.Value.GetUInt32()));
            }
            string expected = c.GetProperty("expected").GetString()!;
            string actual;
            try { actual = PythonFormat.Format(template, c.GetProperty("epoch").GetInt32(), new Logs([.. names], [.. values], names.Count)); }
            catch (Exception e) { actual = e.GetType().Name + ": " + e.Message; }
            if (actual != expected) failures.Add($"{template} with {string.Join(",", values.Select(v => v.ToString("R")))}: Python '{expected}', got '{actual}'");
        }
        Assert.True(count > 400, $"only {count} cases");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void The_tutorial_names_come_out_as_keras_names_them()
    {
        Logs logs = CallbackRecorder.LogsOf(("loss", 0.5f), ("val_loss", 0.3456f));
        Assert.Equal("model_07_0.35.unroll", PythonFormat.Format("model_{epoch:02d}_{val_loss:.2f}.unroll", 7, logs));
    }

    [Fact]
    public void A_name_not_logged_says_what_is()
    {
        Logs logs = CallbackRecorder.LogsOf(("loss", 0.5f), ("accuracy", 0.5f));
        var e = Assert.Throws<KeyNotFoundException>(() => PythonFormat.Format("m_{val_acc:.2f}", 1, logs));
        Assert.Contains("m_{val_acc:.2f}", e.Message);
        Assert.Contains("loss, accuracy", e.Message);
        Assert.Contains("'val_accuracy'", e.Message);
    }

    [Theory]
    [InlineData("{loss:d}", "'d'")]
    [InlineData("{loss!r}", "not a plain name")]
    [InlineData("{loss:x}", "not supported")]
    [InlineData("{loss:#.2f}", "not supported")]
    [InlineData("{loss", "Single '{'")]
    [InlineData("loss}", "Single '}'")]
    [InlineData("{epoch:.2d}", "Precision not allowed")]
    public void What_python_refuses_or_is_not_supported_is_refused(string template, string message)
    {
        var e = Assert.Throws<FormatException>(() => PythonFormat.Format(template, 1, CallbackRecorder.LogsOf(("loss", 0.5f))));
        Assert.Contains(message, e.Message);
    }
}
