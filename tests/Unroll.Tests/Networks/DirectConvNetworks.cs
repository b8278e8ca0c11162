// Convolutions that take the direct kernels (DirectConvolution.Applies): wide channel counts, strides, padding, no bias; and one that takes im2col with Vector512-wide products.
using Unroll;

namespace Unroll.Tests.Networks;

// 8 then 32 input channels, same padding, at least two position blocks per row: both layers direct; the second needs dx.
[Sequential, Input(18, 18, 8), Conv2D(32, 3, Padding = Padding.Same, Activation = Activation.Tanh), Conv2D(16, 3, Activation = Activation.Tanh), GlobalAveragePooling2D, Dense(3)]
public partial class DirectWideChannelsNet;

// 3 channels, stride 2 with asymmetric same padding, a 3x2 window, 16 filters (Vector256 in one register of Vector512), fused ReLU.
[Sequential, Input(11, 9, 3), Conv2D(16, new[] { 3, 2 }, Strides = new[] { 2 }, Padding = Padding.Same, Activation = Activation.ReLU), Flatten, Dense(2)]
public partial class DirectStridedNet;

// One channel, no bias, 48 filters (three Vector512 registers), valid; average pooling keeps it smooth for finite differences.
[Sequential, Input(20, 20, 1), Conv2D(48, 3, UseBias = false, Activation = Activation.Tanh), AveragePooling2D(2), Flatten, Dense(2)]
public partial class DirectNoBiasNet;

// Patches of 360 and 288 values on 10- and 8-wide rows: both layers take im2col + the generated
// products, whose 32 filters and 288-value patches fill Vector512 registers.
[Sequential, Input(12, 12, 40), Conv2D(32, 3, Activation = Activation.Tanh), Conv2D(16, 3, Activation = Activation.Tanh), GlobalAveragePooling2D, Dense(3)]
public partial class Im2colWideNet;
