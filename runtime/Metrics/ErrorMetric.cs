namespace Unroll;

/// <summary>Mean squared or absolute error as a metric.</summary>
internal sealed class ErrorMetric(string name, bool squared) : Metric
{
    public override string Name => name;

    public override bool? HigherIsBetter => false;

    public override double BatchSum(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, int outputSize, int classes)
    {
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double d = predictions[i] - labels[i];
            sum += squared ? d * d : Math.Abs(d);
        }
        return sum / outputSize; // the mean over a sample's values, summed over samples
    }
}
