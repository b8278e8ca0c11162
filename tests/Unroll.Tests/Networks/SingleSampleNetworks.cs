// Small layers that PredictSample runs through their unrolled one-sample kernels (ForwardSample),
// chosen to meet every form of that code: odd reduction lengths (the split reduction's last step),
// column groups of every lane down to scalars, a Vector512 body, more registers than the split
// reduction takes (one chain per register), no bias, a shared activation kernel, and kernels shared
// by two identical layers. Listed in Numerics/GradientCheckTests.cs and Numerics/SingleSampleKernelTests.cs.
using Unroll;

namespace Unroll.Tests.Networks;

// 7 → 13 relu: 7 steps; 13 columns = Vector256 + Vector128 + 1 scalar (3 × Vector128 + 1 scalar without AVX2).
// 13 → 20 tanh (the shared kernel): Vector512 + Vector128 with AVX-512. 20 → 3 is too narrow to unroll.
[Sequential, Input(7), Dense(13, Activation = Activation.ReLU), Dense(20, Activation = Activation.Tanh), Dense(3, Activation = Activation.Softmax)]
public partial class OddStepsSampleNet;

// 5 → 24 without bias: 3 × Vector256 (one chain per register), Vector512 + Vector256, or 6 × Vector128.
// 24 → 16 sigmoid; 16 → 16 twice, the second with the first's kernels; 16 → 1 is a dot product.
[Sequential, Input(5), Dense(24, UseBias = false), Dense(16, Activation = Activation.Sigmoid), Dense(16), Dense(16), Dense(1, Activation = Activation.Sigmoid)]
public partial class WideRowSampleNet;

// 3 → 40 relu below a one-unit sigmoid: PredictSample keeps the 40 hidden values in registers for the
// dot product, which takes them two accumulators at a time over two or more pairs of registers
// (2 × Vector512 + Vector256; 5 × Vector256; 10 × Vector128).
[Sequential, Input(3), Dense(40, Activation = Activation.ReLU), Dense(1, Activation = Activation.Sigmoid)]
public partial class HiddenRowDotSampleNet;
