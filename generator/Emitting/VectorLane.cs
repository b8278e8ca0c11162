namespace Unroll.Generator.Emitting;

/// <summary>
/// The C# spelling of one register kind (Vector512, Vector256, Vector128 or a scalar float), so kernel
/// emitters write one loop body and get it for every part of a tiled row.
/// </summary>
internal sealed record VectorLane(string Type, string Factory, int Width)
{
    public static readonly VectorLane V512 = new("global::System.Runtime.Intrinsics.Vector512<float>", "global::System.Runtime.Intrinsics.Vector512", 16);
    public static readonly VectorLane V256 = new("global::System.Runtime.Intrinsics.Vector256<float>", "global::System.Runtime.Intrinsics.Vector256", 8);
    public static readonly VectorLane V128 = new("global::System.Runtime.Intrinsics.Vector128<float>", "global::System.Runtime.Intrinsics.Vector128", 4);
    public static readonly VectorLane Scalar = new("float", "global::System.MathF", 1);

    /// <summary>The lane of registers of <paramref name="width"/>.</summary>
    public static VectorLane Of(Lowering.VectorWidth width) => width switch
    {
        Lowering.VectorWidth.Vector512 => V512,
        Lowering.VectorWidth.Vector128 => V128,
        _ => V256,
    };

    public bool IsScalar => Width == 1;

    /// <summary>The type without its namespace, for comments: <c>Vector256&lt;float&gt;</c>.</summary>
    public string Name => Type.Substring(Type.LastIndexOf('.') + 1);

    public string Zero => IsScalar ? "0f" : Type + ".Zero";

    public string Load(string reference, string offset)
        => IsScalar ? (offset == "0" ? reference : $"global::System.Runtime.CompilerServices.Unsafe.Add(ref {reference}, {offset})")
           : offset == "0" ? $"{Factory}.LoadUnsafe(ref {reference})" : $"{Factory}.LoadUnsafe(ref {reference}, {Index(offset)})";

    public string Broadcast(string value) => IsScalar ? value : $"{Factory}.Create({value})";

    /// <summary>
    /// a · b + addend. Vector512 and Vector256 kernels run only where AVX-512 or AVX2 runs, which come with FMA; a Vector128
    /// kernel may run on x64 without FMA, where MultiplyAddEstimate is a multiply and an add instead
    /// of a software FMA per lane (fused on Arm64 and FMA3 hardware). The scalar lane does the same
    /// through <c>Unroll.Kernels.ScalarMath</c>.
    /// </summary>
    public string FusedMultiplyAdd(string a, string b, string addend)
        => Width >= 8 ? $"{Factory}.FusedMultiplyAdd({a}, {b}, {addend})"
           : IsScalar ? ScalarMath.MultiplyAdd(a, b, addend)
           : $"{Factory}.MultiplyAddEstimate({a}, {b}, {addend})";

    public string Relu(string value) => IsScalar ? $"global::System.MathF.Max({value}, 0f)" : $"{Factory}.Max({value}, {Zero})";

    public string Store(string value, string reference, string offset)
        => IsScalar ? $"{Load(reference, offset)} = {value};"
           : offset == "0" ? $"{Factory}.StoreUnsafe({value}, ref {reference});" : $"{Factory}.StoreUnsafe({value}, ref {reference}, {Index(offset)});";

    // Vector loads take an unsigned element offset; constants need no parentheses.
    private static string Index(string offset) => offset.IndexOf(' ') < 0 ? $"(global::System.UIntPtr){offset}" : $"(global::System.UIntPtr)({offset})";
}
