using Unroll.Generator.Lowering;

namespace Unroll.Generator.Tests.Lowering;

/// <summary>The generated LSTM step's accumulators per width: 16 or fewer at 512 bits (32 registers), 8 at 256 and 128 (16 on x64).</summary>
public sealed class LstmStepTilingTests
{
    [Theory]
    //        bits units vectors sequences
    [InlineData(512, 64, 4, 4)]
    [InlineData(512, 256, 4, 4)]
    [InlineData(512, 48, 3, 4)]
    [InlineData(512, 20, 1, 4)]
    [InlineData(256, 64, 2, 2)]
    [InlineData(256, 12, 1, 2)]
    [InlineData(128, 64, 2, 2)]
    [InlineData(128, 4, 1, 2)]
    public void Accumulators_fit_the_registers(int bits, int units, int vectors, int sequences)
    {
        LstmStepTiling tiling = LstmStepTiling.At(bits, units);
        Assert.Equal(new LstmStepTiling(bits, vectors, sequences), tiling);
        Assert.True(4 * tiling.Vectors <= (bits == 512 ? 16 : 8), "single-sequence accumulators");
        Assert.True(4 * tiling.Sequences <= (bits == 512 ? 16 : 8), "blocked-sequence accumulators");
        Assert.Equal(vectors * bits / 32, tiling.Block);
    }

    [Theory]
    [InlineData(512, 15, false)]
    [InlineData(512, 16, true)]
    [InlineData(256, 7, false)]
    [InlineData(128, 4, true)]
    [InlineData(128, 3, false)]
    public void A_width_has_a_body_when_the_units_fill_one_register(int bits, int units, bool fits)
        => Assert.Equal(fits, LstmStepTiling.Fits(bits, units));
}
