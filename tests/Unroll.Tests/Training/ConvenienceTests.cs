using Unroll.Tests.Networks;

namespace Unroll.Tests.Training;

/// <summary>What the Keras tutorials reach for: classes from predictions, matrices with flat labels, a hint for class ids.</summary>
public class ConvenienceTests
{
    [Fact]
    public void ArgMax_is_the_first_largest_of_each_row_or_a_half_threshold_for_one_value()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 300; trial++)
        {
            int classes = 1 + random.Next(12), rows = 1 + random.Next(20);
            // Few distinct values, so that ties are common.
            float[] outputs = Enumerable.Range(0, rows * classes).Select(_ => random.Next(4) / 4f).ToArray();
            int[] ids = Model.ArgMax(outputs, classes);
            Assert.Equal(rows, ids.Length);
            for (int r = 0; r < rows; r++)
            {
                float[] row = outputs[(r * classes)..((r + 1) * classes)];
                int expected = classes == 1 ? (row[0] > 0.5f ? 1 : 0) : Array.IndexOf(row, row.Max());
                Assert.Equal(expected, ids[r]);
            }
        }
        Assert.Throws<ArgumentException>(() => Model.ArgMax(new float[7], 3));
    }

    [Fact]
    public void PredictClasses_takes_the_argmax_of_softmax_rows_and_thresholds_a_sigmoid()
    {
        var random = new Random(2);
        float[] x = Enumerable.Range(0, 9 * 4).Select(_ => random.NextSingle() * 4 - 2).ToArray();
        var softmax = new OutSoftmaxNet(seed: 3);
        Assert.Equal(Model.ArgMax(softmax.Predict(x), 3), softmax.PredictClasses(x));
        Assert.Equal(softmax.PredictClasses(x), softmax.PredictClasses(new Matrix(9, 4, x)));
        var sigmoid = new ReluSigmoidOneNet(seed: 3);
        Assert.Equal(sigmoid.Predict(x).Select(p => p > 0.5f ? 1 : 0), sigmoid.PredictClasses(x));
    }

    [Fact]
    public void Fit_and_Evaluate_take_a_matrix_with_flat_labels_as_the_float_overloads_do()
    {
        var random = new Random(8);
        float[] x = Enumerable.Range(0, 40 * 4).Select(_ => random.NextSingle()).ToArray();
        float[] ids = Enumerable.Range(0, 40).Select(i => (float)(i % 3)).ToArray();
        (float[] Weights, float Loss) Train(bool matrix)
        {
            var net = new OutSoftmaxNet(seed: 1);
            net.Compile(new Adam(), Loss.SparseCategoricalCrossEntropy, Metric.Accuracy);
            if (matrix) net.Fit(new Matrix(40, 4, x), ids, epochs: 2, batchSize: 8, verbose: 0, seed: 4, validationData: (new Matrix(40, 4, x), ids));
            else net.Fit(x, ids, epochs: 2, batchSize: 8, verbose: 0, seed: 4, validationData: (x, ids));
            float loss = matrix ? net.Evaluate(new Matrix(40, 4, x), ids).Loss : net.Evaluate(x, ids).Loss;
            return (net.Parameters.ToArray(), loss);
        }
        var (w1, l1) = Train(matrix: false);
        var (w2, l2) = Train(matrix: true);
        Assert.Equal(w1, w2);
        Assert.Equal(l1, l2);
    }

    [Fact]
    public void Class_ids_given_to_categorical_cross_entropy_get_a_hint_to_one_hot_them()
    {
        var net = new OutSoftmaxNet(seed: 1);
        net.Compile(new Adam(), Loss.CategoricalCrossEntropy);
        var e = Assert.Throws<ArgumentException>(() => net.Fit(new Matrix(6, 4, new float[24]), new float[] { 0, 1, 2, 0, 1, 2 }, verbose: 0));
        Assert.Contains("OneHot.ToCategorical(labels, numClasses: 3)", e.Message);
        Assert.Contains("Loss.SparseCategoricalCrossEntropy", e.Message);
        var other = Assert.Throws<ArgumentException>(() => net.Fit(new Matrix(6, 4, new float[24]), new float[7], verbose: 0));
        Assert.DoesNotContain("ToCategorical", other.Message);
    }
}
