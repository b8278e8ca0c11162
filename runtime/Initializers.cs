using System.ComponentModel;

namespace Unroll;

/// <summary>Fills parameter slices as the Keras initialisers do. Called by generated constructors.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Initializers
{
    /// <summary>Fills <paramref name="weights"/> according to <paramref name="kind"/>.</summary>
    public static void Fill(Span<float> weights, Initializer kind, int fanIn, int fanOut, SeededRandom random)
    {
        switch (kind)
        {
            case Initializer.Zeros: weights.Clear(); break;
            case Initializer.Ones: weights.Fill(1f); break;
            case Initializer.RandomUniform: Uniform(weights, 0.05, random); break;
            case Initializer.Orthogonal: Orthogonal(weights, fanIn, fanOut, random); break;
            case Initializer.GlorotUniform: Uniform(weights, Math.Sqrt(6.0 / (fanIn + fanOut)), random); break;
            case Initializer.HeUniform: Uniform(weights, Math.Sqrt(6.0 / fanIn), random); break;
            case Initializer.GlorotNormal: TruncatedNormal(weights, 2.0 / (fanIn + fanOut), random); break;
            case Initializer.HeNormal: TruncatedNormal(weights, 2.0 / fanIn, random); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown initializer.");
        }
    }

    /// <summary>
    /// Keras's orthogonal initialiser for a (rows, columns) matrix: a normal matrix whose smaller side is
    /// made orthonormal (Gram–Schmidt, the QR that Keras uses, signs fixed so the diagonal of R is positive).
    /// </summary>
    private static void Orthogonal(Span<float> weights, int rows, int columns, SeededRandom random)
    {
        bool wide = rows < columns; // orthonormal rows when wide, else orthonormal columns
        int count = wide ? rows : columns, length = wide ? columns : rows;
        var vectors = new double[count][];
        for (int v = 0; v < count; v++)
        {
            var x = new double[length];
            for (int i = 0; i < length; i++) x[i] = random.NextGaussian();
            for (int u = 0; u < v; u++)
            {
                double dot = 0;
                for (int i = 0; i < length; i++) dot += x[i] * vectors[u][i];
                for (int i = 0; i < length; i++) x[i] -= dot * vectors[u][i];
            }
            double norm = 0;
            foreach (double e in x) norm += e * e;
            norm = Math.Sqrt(norm);
            for (int i = 0; i < length; i++) x[i] /= norm;
            vectors[v] = x;
        }
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                weights[r * columns + c] = (float)(wide ? vectors[r][c] : vectors[c][r]);
    }

    private static void Uniform(Span<float> weights, double limit, SeededRandom random)
    {
        for (int i = 0; i < weights.Length; i++)
            weights[i] = (float)((random.NextDouble() * 2.0 - 1.0) * limit);
    }

    // Keras's variance-scaling normal initialisers draw from a normal truncated at two standard
    // deviations, with the deviation corrected for the truncation (0.87962566103423978).
    private static void TruncatedNormal(Span<float> weights, double variance, SeededRandom random)
    {
        double stddev = Math.Sqrt(variance) / 0.87962566103423978;
        for (int i = 0; i < weights.Length; i++)
        {
            double z;
            do z = random.NextGaussian(); while (Math.Abs(z) > 2.0);
            weights[i] = (float)(z * stddev);
        }
    }
}
