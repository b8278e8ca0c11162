using System.Text.Json;

namespace Unroll.Keras.Tests;

/// <summary>
/// The two sample digits of keras3_1_mnist_convnet_reference.json (the PNGs' 8-bit pixels as PIL
/// decoded them), preprocessed as the notebook did (value / 255, shape (28, 28, 1)), and the softmax
/// Keras recorded for sample 1.
/// </summary>
internal static class MnistSamples
{
    private static readonly Lazy<JsonDocument> Reference = new(() => JsonDocument.Parse(File.ReadAllBytes(Fixture.Keras("keras3_1_mnist_convnet_reference.json"))));

    public static float[] Pixels(int sample)
    {
        JsonElement rows = Reference.Value.RootElement.GetProperty("inputs_uint8_luma").GetProperty($"sample_{sample}").GetProperty("rows");
        var pixels = new List<float>(28 * 28);
        foreach (JsonElement row in rows.EnumerateArray())
            foreach (JsonElement value in row.EnumerateArray()) pixels.Add(value.GetInt32() / 255f);
        Assert.Equal(28 * 28, pixels.Count);
        return [.. pixels];
    }

    public static float[] RecordedSoftmaxOfSample1()
        => [.. Reference.Value.RootElement.GetProperty("keras_recorded_output").GetProperty("sample_1").GetProperty("softmax").EnumerateArray().Select(e => e.GetSingle())];
}
