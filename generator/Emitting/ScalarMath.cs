namespace Unroll.Generator.Emitting;

/// <summary>The C# of a scalar multiply-add in generated kernels.</summary>
internal static class ScalarMath
{
    /// <summary>
    /// <c>Unroll.Kernels.ScalarMath.MultiplyAdd(a, b, c)</c>: fused where the CPU has FMA, a multiply and
    /// an add elsewhere (software FMA would make the scalar path several times slower).
    /// </summary>
    public static string MultiplyAdd(string a, string b, string c) => $"global::Unroll.Kernels.ScalarMath.MultiplyAdd({a}, {b}, {c})";
}
