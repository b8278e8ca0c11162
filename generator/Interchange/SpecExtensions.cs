using System;

namespace Unroll.Generator.Interchange;

internal static class SpecExtensions
{
    /// <summary>Runs extra checks after building a spec, inside an expression.</summary>
    public static T Also<T>(this T value, Action check)
    {
        check();
        return value;
    }
}
