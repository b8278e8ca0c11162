using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Unroll;
using Unroll.Tests.Numerics;

// The kernel-width tests of Unroll.Tests (ScalarPathTests, ScalarMathTests), called directly so a
// linux-arm64 publish runs them under qemu-user without a test runner. Exit code 1 on any failure.
Console.WriteLine($"{RuntimeInformation.ProcessArchitecture}: Vector128 {Vector128.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, "
                  + $"AdvSimd {System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported}, FMA {Unroll.Kernels.ScalarMath.HasFusedMultiplyAdd}");
int passed = 0, skipped = 0, failed = 0;
foreach (object[] row in ScalarPathTests.Networks())
{
    var (network, width) = ((string)row[0], (KernelWidth)row[1]);
    Run($"ScalarPathTests({network}, {width})", () => new ScalarPathTests().Vector_and_scalar_paths_agree_forward_and_backward(network, width));
}
Run("ScalarMathTests.Multiply_add_is_fused_exactly_where_the_hardware_fuses", () => new ScalarMathTests().Multiply_add_is_fused_exactly_where_the_hardware_fuses());
foreach (int length in new[] { 12, 784, 4096 })
    Run($"ScalarMathTests.Fused_and_unfused_dot_products_both_match_the_float64_reference({length})",
        () => new ScalarMathTests().Fused_and_unfused_dot_products_both_match_the_float64_reference(length));
Console.WriteLine($"passed {passed}, skipped {skipped}, failed {failed}");
return failed == 0 ? 0 : 1;

void Run(string name, Action test)
{
    try
    {
        test();
        passed++;
        Console.WriteLine($"PASS {name}");
    }
    catch (Exception e) when (e.GetType().Name == "SkipException")
    {
        skipped++;
        Console.WriteLine($"SKIP {name}: {e.Message}");
    }
    catch (Exception e)
    {
        failed++;
        Console.WriteLine($"FAIL {name}: {e.GetType().Name}: {e.Message}");
    }
}
