using System.Globalization;
using System.Text.Json;

namespace Unroll;

/// <summary>
/// An optimizer's Keras class name and hyper-parameters as JSON (<c>{"class_name": "Adam",
/// "config": {"learning_rate": 0.001, …}}</c>), written into model files and read back.
/// </summary>
internal static class OptimizerConfig
{
    public static string ToJson(Optimizer optimizer)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("class_name", optimizer.KerasName);
            writer.WriteStartObject("config");
            foreach (var (key, value) in optimizer.Config)
            {
                if (value is bool flag) writer.WriteBoolean(key, flag);
                else writer.WriteNumber(key, Convert.ToDouble(value, CultureInfo.InvariantCulture));
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Rebuilds the optimizer a model file names; throws <see cref="WeightFileException"/> for anything unknown.</summary>
    public static Optimizer FromJson(string json, string source)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            string name = root.GetProperty("class_name").GetString() ?? "";
            JsonElement config = root.GetProperty("config");
            float F(string key) => config.GetProperty(key).GetSingle();
            return name switch
            {
                "SGD" => new Sgd(F("learning_rate"), F("momentum"), config.GetProperty("nesterov").GetBoolean(), F("decay")),
                "Adam" => new Adam(F("learning_rate"), F("beta_1"), F("beta_2"), F("epsilon")),
                "RMSprop" => new RmsProp(F("learning_rate"), F("rho"), F("epsilon")),
                "Adagrad" => new Adagrad(F("learning_rate"), F("initial_accumulator_value"), F("epsilon")),
                "Adadelta" => new Adadelta(F("learning_rate"), F("rho"), F("epsilon")),
                _ => throw new WeightFileException(source, $"the optimizer '{name}' is not one Unroll has (SGD, Adam, RMSprop, Adagrad, Adadelta)."),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentOutOfRangeException)
        {
            throw new WeightFileException(source, $"the optimizer configuration is damaged ({e.Message}).", e);
        }
    }
}
