using Unroll.Generator.Lowering;

namespace Unroll.Generator.Tests.Lowering;

/// <summary>Register blocking is a pure function of the width: blocks of 3 × Vector256 (24 columns), Vector256s, one Vector128, scalars.</summary>
public sealed class TilingTests
{
    [Theory]
    //          width blocks v256 v128   scalars   (blocks of 3 × Vector256 = 24 columns)
    [InlineData(1, 0, 0, false, 1)]
    [InlineData(3, 0, 0, false, 3)]
    [InlineData(4, 0, 0, true, 0)]
    [InlineData(8, 0, 1, false, 0)]
    [InlineData(10, 0, 1, false, 2)]
    [InlineData(12, 0, 1, true, 0)]
    [InlineData(15, 0, 1, true, 3)]
    [InlineData(24, 1, 0, false, 0)]
    [InlineData(64, 2, 2, false, 0)]
    [InlineData(100, 4, 0, true, 0)]
    [InlineData(1024, 42, 2, false, 0)]
    public void Columns(int width, int blocks, int vectors256, bool vector128, int scalars)
    {
        ColumnTiling tiling = Tiling.Columns(width);

        Assert.Equal(new ColumnTiling(width, 3, blocks, vectors256, vector128, scalars), tiling);
        // The parts cover the row exactly, in order.
        Assert.Equal(blocks * 24, tiling.BlockColumns);
        Assert.Equal(tiling.BlockColumns + 8 * vectors256, tiling.HalfVectorStart);
        Assert.Equal(tiling.HalfVectorStart + (vector128 ? 4 : 0), tiling.ScalarStart);
        Assert.Equal(width, tiling.ScalarStart + scalars);
    }

    [Theory]
    [InlineData(64, 1, 0)]
    [InlineData(784, 12, 2)]
    [InlineData(10, 0, 1)]
    public void Single_rows_use_eight_accumulators(int width, int blocks, int vectors256)
    {
        ColumnTiling tiling = Tiling.SingleRowColumns(width);
        Assert.Equal(8, tiling.BlockVectors);
        Assert.Equal(blocks, tiling.Blocks);
        Assert.Equal(vectors256, tiling.Vectors);
    }

    [Theory]
    //          width blocks v128 scalars   (blocks of 3 × Vector128 = 12 columns; no half vector)
    [InlineData(1, 0, 0, 1)]
    [InlineData(4, 0, 1, 0)]
    [InlineData(7, 0, 1, 3)]
    [InlineData(12, 1, 0, 0)]
    [InlineData(15, 1, 0, 3)]
    [InlineData(20, 1, 2, 0)]
    [InlineData(1024, 85, 1, 0)]
    public void Vector128_columns(int width, int blocks, int vectors, int scalars)
    {
        ColumnTiling tiling = Tiling.Columns(width, Tiling.BlockVectors, VectorWidth.Vector128);

        Assert.Equal(new ColumnTiling(width, 3, blocks, vectors, false, scalars, VectorWidth.Vector128), tiling);
        Assert.Equal(blocks * 12, tiling.BlockColumns);
        Assert.Equal(tiling.BlockColumns + 4 * vectors, tiling.HalfVectorStart);
        Assert.Equal(width, tiling.ScalarStart + scalars);
        Assert.Equal(tiling, Tiling.Columns(width).At(VectorWidth.Vector128));
    }

    [Theory]
    [InlineData(12, "12 columns = 1 × Vector256 + 1 × Vector128")]
    [InlineData(1, "1 column = 1 scalar")]
    [InlineData(10, "10 columns = 1 × Vector256 + 2 scalars")]
    [InlineData(1024, "1024 columns = 42 × 24-column blocks (3 × Vector256) + 2 × Vector256")]
    public void Describe(int width, string description)
        => Assert.Equal(description, Tiling.Columns(width).Describe());

    [Theory]
    [InlineData(12, "12 columns = 1 × 12-column block (3 × Vector128)")]
    [InlineData(10, "10 columns = 2 × Vector128 + 2 scalars")]
    public void Describe_vector128(int width, string description)
        => Assert.Equal(description, Tiling.Columns(width, Tiling.BlockVectors, VectorWidth.Vector128).Describe());

    [Theory]
    //          width blocks v512 v256  v128   scalars   (blocks of 4 × Vector512 = 64 columns)
    [InlineData(10, 0, 0, true, false, 2)]
    [InlineData(12, 0, 0, true, true, 0)]
    [InlineData(16, 0, 1, false, false, 0)]
    [InlineData(31, 0, 1, true, true, 3)]
    [InlineData(64, 1, 0, false, false, 0)]
    [InlineData(100, 1, 2, false, true, 0)]
    [InlineData(1024, 16, 0, false, false, 0)]
    public void Vector512_columns(int width, int blocks, int vectors, bool vector256, bool vector128, int scalars)
    {
        ColumnTiling tiling = Tiling.Columns(width, Tiling.BlockVectors512, VectorWidth.Vector512);

        Assert.Equal(new ColumnTiling(width, 4, blocks, vectors, vector256, scalars, VectorWidth.Vector512, vector128), tiling);
        Assert.Equal(blocks * 64, tiling.BlockColumns);
        Assert.Equal(tiling.BlockColumns + 16 * vectors, tiling.HalfVectorStart);
        Assert.Equal(tiling.HalfVectorStart + (vector256 ? 8 : 0), tiling.QuarterVectorStart);
        Assert.Equal(tiling.QuarterVectorStart + (vector128 ? 4 : 0), tiling.ScalarStart);
        Assert.Equal(width, tiling.ScalarStart + scalars);
        Assert.Equal(vectors + blocks > 0, tiling.UsesFullVectors);
    }

    [Theory]
    [InlineData(100, "100 columns = 1 × 64-column block (4 × Vector512) + 2 × Vector512 + 1 × Vector128")]
    [InlineData(13, "13 columns = 1 × Vector256 + 1 × Vector128 + 1 scalar")]
    public void Describe_vector512(int width, string description)
        => Assert.Equal(description, Tiling.Columns(width, Tiling.BlockVectors512, VectorWidth.Vector512).Describe());

    [Theory]
    //          length acc  end  v256  v128  scalar start
    [InlineData(8, 1, 0, true, false, 8)]
    [InlineData(16, 1, 16, false, false, 16)]
    [InlineData(45, 2, 32, true, true, 44)]
    [InlineData(784, 2, 784, false, false, 784)]
    public void Vector512_dot_products(int length, int accumulators, int vectorEnd, bool vector256, bool vector128, int scalarStart)
    {
        DotTiling dot = DotTiling.Of(VectorWidth.Vector512, length);
        Assert.Equal(new DotTiling(VectorWidth.Vector512, accumulators, vectorEnd, vector256, vector128), dot);
        Assert.Equal(scalarStart, dot.ScalarStart);
        // Shorter than one Vector512: the Vector256 plan serves the Vector512 body.
        Assert.Equal(vectorEnd > 0, DotProduct.Of(length)!.Pays(VectorWidth.Vector512));
        if (vectorEnd == 0) Assert.Equal(VectorWidth.Vector256, DotProduct.Of(length)!.Tiling(VectorWidth.Vector512).Width);
    }

    [Fact]
    public void The_vector512_micro_kernel_fits_the_thirty_two_avx512_registers()
    {
        // 4 rows × 4 vectors of accumulators + 4 weight loads + 1 broadcast; the packed panel fits a 32 KB L1.
        Assert.True(Tiling.RowBlock * Tiling.BlockVectors512 + Tiling.BlockVectors512 + 1 <= 32);
        Assert.True(Tiling.ReductionBlock512 * Tiling.BlockVectors512 * 16 * sizeof(float) <= 32 * 1024);
    }

    [Fact]
    public void The_batched_micro_kernel_fills_the_sixteen_avx2_registers()
    {
        // 4 rows × 3 vectors of accumulators + 3 weight loads + 1 broadcast.
        Assert.Equal(16, Tiling.RowBlock * Tiling.BlockVectors + Tiling.BlockVectors + 1);
    }

    [Theory]
    [InlineData("dense", "__Dense")]
    [InlineData("dense_1", "__Dense1")]
    [InlineData("dense_12", "__Dense12")]
    [InlineData("activation_2", "__Activation2")]
    public void MethodPrefix(string layerName, string prefix)
        => Assert.Equal(prefix, KernelPlanner.MethodPrefix(layerName));

    [Theory]
    //          width    columns reduction packs copies
    [InlineData(512, 64, 784, true, false)]  // one block of 4 × Vector512: B's whole rows
    [InlineData(512, 32, 300, true, false)]  // two Vector512, no block
    [InlineData(512, 72, 784, true, true)]   // the block and a Vector256 tail
    [InlineData(512, 128, 784, true, true)]  // two blocks
    [InlineData(512, 128, null, true, true)] // a weight gradient: the reduction is the batch
    [InlineData(512, 64, 128, false, false)] // one reduction block: nothing packed
    [InlineData(256, 24, 300, true, false)]  // one block of 3 × Vector256
    [InlineData(256, 16, 300, true, false)]
    [InlineData(256, 64, 784, true, true)]   // two blocks and two vectors
    [InlineData(256, 24, 256, false, false)]
    [InlineData(128, 12, 300, true, false)]  // one block of 3 × Vector128
    [InlineData(128, 16, 300, true, true)]
    public void Panels_of_whole_rows_are_not_copied(int width, int columns, int? reduction, bool packs, bool copies)
    {
        ProductTiling tiling = Tiling.ForProduct((VectorWidth)width, columns, reduction is { } k ? Extent.Constant(k) : Extent.Of("batch"));

        Assert.Equal(packs, tiling.PacksPanels);
        Assert.Equal(copies, tiling.CopiesPanels);
    }
}
