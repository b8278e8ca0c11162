namespace Unroll.Generator.Lowering;

/// <summary>
/// How the generated LSTM step holds its accumulators at one vector width: per unit block, the four
/// gates (i, f, c, o) of <see cref="Vectors"/> registers each for one sequence, or of one register
/// each for <see cref="Sequences"/> sequences at once that share every load of U. Either way 8 or
/// more independent FMA chains cover the FMA latency, and the activations and the cell update run on
/// the accumulators before they leave the registers.
/// </summary>
/// <param name="Bits">The register width: 512, 256 or 128 (32: the scalar twin, one float).</param>
/// <param name="Vectors">Registers per gate for a single sequence (units per block = Vectors · Lanes).</param>
/// <param name="Sequences">Sequences per block when the batch has that many (1: single sequences only).</param>
internal sealed record LstmStepTiling(int Bits, int Vectors, int Sequences)
{
    /// <summary>Floats per register.</summary>
    public int Lanes => Bits / 32;

    /// <summary>Units one single-sequence block covers.</summary>
    public int Block => Vectors * Lanes;

    /// <summary>
    /// The tiling at <paramref name="bits"/> for <paramref name="units"/> units. Vector512 has 32
    /// registers: 4 sequences × 4 gates = 16 accumulators, 4 loads of U and a broadcast, and a single
    /// sequence up to 4 registers per gate (16 accumulators: 64 units read each row of U once, whole);
    /// 256- and 128-bit registers are 16 (x64): 2 sequences × 4 gates, and a single sequence two
    /// registers per gate when the units fill them (8 chains), else one.
    /// </summary>
    public static LstmStepTiling At(int bits, int units)
    {
        int lanes = bits / 32;
        int vectors = bits == 512 ? System.Math.Max(1, System.Math.Min(4, units / lanes)) : units >= 2 * lanes ? 2 : 1;
        int sequences = bits == 512 ? 4 : 2;
        return new LstmStepTiling(bits, vectors, sequences);
    }

    /// <summary>Whether the units fill at least one register of this width (else the width has no body).</summary>
    public static bool Fits(int bits, int units) => units >= bits / 32;
}
