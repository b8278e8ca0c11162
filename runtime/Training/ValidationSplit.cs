using System.Globalization;

namespace Unroll;

/// <summary>
/// Keras's <c>validation_split</c>: the first floor(n · (1 − split)) samples train, the rest
/// validate, computed in double precision as Python computes it.
/// </summary>
internal static class ValidationSplit
{
    /// <summary>
    /// The split as the user wrote it. A float literal such as <c>0.2f</c> widens to
    /// 0.2000000029…, which moves floor(n · (1 − split)) one sample down for many n; a double that
    /// is exactly some float is therefore read as that float's shortest decimal (0.2). A double
    /// that no float equals (0.2 written as a double) is taken as it is.
    /// </summary>
    public static double AsWritten(double split)
    {
        float single = (float)split;
        return (double)single == split
            ? double.Parse(single.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : split;
    }

    /// <summary>The number of training samples of <paramref name="samples"/> under <paramref name="split"/> (Keras's rule).</summary>
    public static int TrainSamples(int samples, double split) => (int)Math.Floor(samples * (1.0 - AsWritten(split)));
}
