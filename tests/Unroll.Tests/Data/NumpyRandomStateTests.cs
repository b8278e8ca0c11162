using Unroll;

namespace Unroll.Tests.Data;

public class NumpyRandomStateTests
{
    [Fact]
    public void Shuffles_exactly_as_numpy_RandomState_does()
    {
        int cases = 0;
        foreach (var c in DatasetFixtures.Expected.GetProperty("permutations").EnumerateArray())
        {
            uint seed = c.GetProperty("seed").GetUInt32();
            int n = c.GetProperty("n").GetInt32();
            int[] expected = [.. c.GetProperty("order").EnumerateArray().Select(v => v.GetInt32())];

            Assert.Equal(expected, new NumpyRandomState(seed).Permutation(n));
            cases++;
        }
        Assert.Equal(9, cases);
    }

    [Fact]
    public void Matches_the_reference_Mersenne_Twister_output()
    {
        // The first outputs of MT19937 seeded by init_genrand(5489), from the reference implementation.
        var random = new NumpyRandomState(5489);
        Assert.Equal([3499211612u, 581869302u, 3890346734u, 3586334585u, 545404204u],
            Enumerable.Range(0, 5).Select(_ => random.NextUInt32()));
    }

    [Fact]
    public void Interval_stays_within_its_bound_and_zero_draws_nothing()
    {
        var random = new NumpyRandomState(1);
        var copy = new NumpyRandomState(1);
        Assert.Equal(0, random.Interval(0));
        Assert.Equal(copy.NextUInt32(), random.NextUInt32()); // Interval(0) consumed no number
        for (long max = 1; max < 1L << 40; max = max * 3 + 1)
            for (int i = 0; i < 20; i++)
                Assert.InRange(random.Interval(max), 0, max);
    }
}
