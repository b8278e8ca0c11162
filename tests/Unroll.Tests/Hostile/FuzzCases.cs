using System.Globalization;

namespace Unroll.Tests.Hostile;

/// <summary>
/// How many mutated files each loader's fuzz test runs: the count given in CI, or
/// <c>UNROLL_FUZZ_CASES</c> for a long run (e.g. <c>UNROLL_FUZZ_CASES=200000 dotnet test
/// tests/Unroll.Tests --filter FullyQualifiedName~Hostile</c>). <c>UNROLL_FUZZ_SEED</c> changes
/// the seed, so that repeated long runs try different files.
/// </summary>
internal static class FuzzCases
{
    public static int Count(int inCi)
        => int.TryParse(Environment.GetEnvironmentVariable("UNROLL_FUZZ_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : inCi;

    public static int Seed(int test)
        => test * 7919 + (int.TryParse(Environment.GetEnvironmentVariable("UNROLL_FUZZ_SEED"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int s) ? s : 0);
}
