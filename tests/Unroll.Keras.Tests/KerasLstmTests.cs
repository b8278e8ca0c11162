using PureHDF;
using Unroll.Keras.Tests.Networks;

namespace Unroll.Keras.Tests;

/// <summary>
/// The Keras 2.1.3 LSTM: its 25 recorded inputs and Keras's predictions (keras2_1_lstm_inputs_and_outputs.h5)
/// are reproduced only with Keras 2's hard_sigmoid, which the file's keras_version selects.
/// </summary>
public class KerasLstmTests
{
    private const float Tolerance = 1e-5f;

    [Theory]
    [InlineData("keras2_1_lstm_model.h5")]
    [InlineData("keras2_1_lstm_weights.h5")]
    public void Keras2_LSTM_reproduces_the_25_recorded_predictions(string file)
    {
        var net = new Keras2Lstm();
        net.LoadKerasWeights(Fixture.Keras(file));
        var (inputs, recorded) = Recorded();
        AssertClose(recorded, net.Predict(inputs), Tolerance);
    }

    [Fact]
    public void The_architecture_read_from_the_Keras_2_config_uses_Keras_2s_hard_sigmoid()
    {
        var net = new Keras2LstmFromConfig();
        net.LoadKerasWeights(Fixture.Keras("keras2_1_lstm_model.h5"));
        var (inputs, recorded) = Recorded();
        AssertClose(recorded, net.Predict(inputs, batchSize: 25), Tolerance);
    }

    [Fact]
    public void The_architecture_the_build_read_from_the_model_h5_itself_reproduces_them()
    {
        // [KerasModel("keras2_1_lstm_model.h5")]: Unroll.Keras's build task extracted model_config and keras_version 2.1.3.
        var net = new Keras2LstmFromModelH5();
        net.LoadKerasWeights(Fixture.Keras("keras2_1_lstm_model.h5"));
        var (inputs, recorded) = Recorded();
        AssertClose(recorded, net.Predict(inputs, batchSize: 25), Tolerance);
    }

    [Fact]
    public void Keras_3s_hard_sigmoid_would_not_reproduce_them()
    {
        var net = new Keras3HardSigmoidLstm();
        net.LoadKerasWeights(Fixture.Keras("keras2_1_lstm_model.h5"));
        var (inputs, recorded) = Recorded();
        float[] predicted = net.Predict(inputs);
        Assert.True(recorded.Zip(predicted, (r, p) => Math.Abs(r - p)).Max() > 100 * Tolerance);
    }

    private static (float[] Inputs, float[] Predictions) Recorded()
    {
        using var file = H5File.OpenRead(Fixture.Keras("keras2_1_lstm_inputs_and_outputs.h5"));
        float[] inputs = file.Dataset("inputs/lstm_1_input").Read<float[]>();
        float[] predictions = file.Dataset("predictions/dense_1").Read<float[]>();
        Assert.Equal(25, inputs.Length);
        Assert.Equal(25, predictions.Length);
        return (inputs, predictions);
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"sample {i}: Keras {expected[i]}, Unroll {actual[i]}");
    }
}
