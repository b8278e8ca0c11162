namespace Unroll.Benchmarks;

/// <summary>
/// <c>--subnormals</c>: Adam's step over the MNIST MLP's 55 050 parameters when the gradients are
/// ordinary, when 1 in 16 has stopped (its moment decays through the range where α·m is
/// subnormal, for about 70 steps), and when 1 in 16 is tiny (|g| ≈ 10⁻¹⁹, whose square is
/// subnormal). The step must cost about the same in all three: a product that turns subnormal
/// takes a microcode assist on Intel CPUs, and the optimizers zero its operand beforehand.
/// Microseconds per step, median of 100-step blocks, the regimes in turn in each round.
/// </summary>
internal static class SubnormalRegimes
{
    private const int Parameters = 55_050, StepsPerBlock = 100, Blocks = 12;

    public static void Run(int rounds)
    {
        Console.WriteLine($"# Adam step over {Parameters} parameters by gradient regime; us per step, median (max) of {Blocks} blocks of {StepsPerBlock} steps; load {File.ReadAllText("/proc/loadavg").Trim()}");
        for (int round = 0; round < rounds; round++)
            foreach (string regime in new[] { "ordinary", "stopped", "tiny" })
            {
                double[] blocks = Measure(regime);
                Console.WriteLine($"{regime}\t{blocks[Blocks / 2]:F1}\t({blocks[^1]:F1})");
            }
    }

    private static double[] Measure(string regime)
    {
        var adam = new Adam();
        adam.Build(Parameters);
        var random = new Random(1);
        float[] w = new float[Parameters], g = new float[Parameters];
        for (int i = 0; i < Parameters; i++)
        {
            w[i] = (float)(random.NextDouble() - 0.5);
            g[i] = (float)(random.NextDouble() - 0.5) * 1e-2f;
        }
        for (int step = 0; step < 20; step++) adam.Apply(w, g); // every moment ordinary
        for (int i = 0; i < Parameters; i += 16)
            g[i] = regime switch { "stopped" => 0f, "tiny" => 1e-19f * (i % 3 + 1), _ => g[i] };
        var blocks = new double[Blocks];
        for (int b = 0; b < Blocks; b++)
            blocks[b] = StopwatchMedian.Of(() => { for (int s = 0; s < StepsPerBlock; s++) adam.Apply(w, g); }, warmups: 0, runs: 1) / StepsPerBlock;
        Array.Sort(blocks);
        return blocks;
    }
}
