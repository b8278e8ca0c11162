using Unroll.Kernels;

namespace Unroll.Tests.Numerics;

/// <summary>
/// ImageKernels.Transpose on each of its paths (AVX-512 register tiles for sides that are multiples
/// of 16, destination rows for small matrices, 16 × 16 scalar tiles for large ones) against the
/// definition, element by element, for every sample of a batch.
/// </summary>
public class TransposeKernelTests
{
    [Theory]
    [InlineData(1, 64, 64)]   // MNIST's dense_1 Wᵀ: register tiles
    [InlineData(2, 32, 48)]   // register tiles, rows ≠ columns, two samples
    [InlineData(1, 64, 10)]   // dense_2's Wᵀ: destination rows
    [InlineData(2, 7, 13)]    // small, odd sides
    [InlineData(1, 130, 70)]  // large (9 100 floats), partial scalar tiles
    public void Transpose_matches_the_definition(int batch, int rows, int columns)
    {
        int size = rows * columns;
        float[] source = Enumerable.Range(0, batch * size).Select(i => (float)i).ToArray();
        float[] destination = new float[batch * size];
        ImageKernels.Transpose(source, destination, batch, rows, columns);
        for (int s = 0; s < batch; s++)
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++)
                    Assert.Equal(source[s * size + r * columns + c], destination[s * size + c * rows + r]);
    }
}
