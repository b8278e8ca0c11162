using System.Text.Json;
using Unroll.Tests.Networks;

namespace Unroll.Tests.Training;

/// <summary>
/// validationSplit counts samples as Keras does: floor(n · (1 − split)) train, computed in double
/// from the split as written. Expected counts come from Python running Keras's own expression
/// (tests/reference/make_validation_split_reference.py).
/// </summary>
public class ValidationSplitTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "validation_split_reference.json"))).RootElement;

    public static TheoryData<string> Splits()
    {
        var data = new TheoryData<string>();
        foreach (JsonProperty split in Reference.GetProperty("train_counts").EnumerateObject()) data.Add(split.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Splits))]
    public void Train_counts_match_keras_for_every_sample_count_whether_the_split_is_a_float_or_a_double(string split)
    {
        int firstN = Reference.GetProperty("first_n").GetInt32();
        int[] expected = Reference.GetProperty("train_counts").GetProperty(split).EnumerateArray().Select(e => e.GetInt32()).ToArray();
        float asFloat = float.Parse(split, System.Globalization.CultureInfo.InvariantCulture);
        double asDouble = double.Parse(split, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(999, expected.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            int n = firstN + i;
            Assert.True(expected[i] == ValidationSplit.TrainSamples(n, asFloat), $"{split}f of {n} samples: Keras trains on {expected[i]}, Unroll on {ValidationSplit.TrainSamples(n, asFloat)}");
            Assert.True(expected[i] == ValidationSplit.TrainSamples(n, asDouble), $"{split} of {n} samples: Keras trains on {expected[i]}, Unroll on {ValidationSplit.TrainSamples(n, asDouble)}");
        }
    }

    [Fact]
    public void A_double_no_float_equals_is_taken_as_it_is()
    {
        // 0.30000000000000004 is not a float: it is the user's exact value, not a widened literal.
        Assert.Equal(0.1 + 0.2, ValidationSplit.AsWritten(0.1 + 0.2));
        Assert.Equal(0.2, ValidationSplit.AsWritten(0.2f));
    }

    [Fact]
    public void Fit_on_twenty_samples_with_a_fifth_held_out_trains_on_sixteen()
    {
        var net = new XorNet(seed: 1);
        net.Compile(new Adam(), Loss.BinaryCrossEntropy);
        float[] x = Enumerable.Range(0, 40).Select(i => (float)(i % 2)).ToArray();
        float[] y = Enumerable.Range(0, 20).Select(i => (float)(i % 2)).ToArray();
        History history = net.Fit(x, y, epochs: 1, batchSize: 4, verbose: 0, validationSplit: 0.2f);
        Assert.Equal(16, history.TrainSamples);
        Assert.Equal(4, history.ValidationSamples);
    }
}
