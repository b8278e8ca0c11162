// Networks whose batched forward kernels copy column panels of the weights per call: a Predictor
// packs those panels once (Model.PackPanels) and its instances read the packed copy instead.
using Unroll;

namespace Unroll.Tests.Networks;

// The benchmark's dense1024: 8 blocks of 128 (Vector512) or 4 of 256 reduction steps, all full;
// 16 panels of 64 columns, or 42 of 24 and one of 16; the forward pass split by columns on threads.
[Sequential, Input(1024), Dense(1024)]
public partial class Dense1024Net;

// Two layers with packed panels (the second's region after the first's): 300 and 130 reduction
// steps leave a short last block (300 = 2 · 128 + 44 = 256 + 44; 130 = 128 + 2), and 130 and 260
// columns leave tail columns (2 and 4 past the last full vector) at every width.
[Sequential, Input(300), Dense(130, Activation = Activation.ReLU), Dense(260, Activation = Activation.Tanh), Dense(5)]
public partial class PackedStackNet;

// Weights mapped read-only from the assembly (tests/reference/make_baked_fixture.py): 130 columns,
// so the batched forward kernels copy panels at every width; the network packs them once itself.
[Sequential, Input(40), Dense(130), BakedWeights("baked/broad.safetensors")]
public partial class BakedBroadNet;

// An im2col convolution whose product, patches (B·16, 288) · W (288, 40), copies panels: 288
// reduction steps leave a short last block; 40 filters are a group of vectors and a half vector.
[Sequential, Input(6, 6, 32), Conv2D(40, 3, Activation = Activation.ReLU), Flatten, Dense(3)]
public partial class PackedConvNet;

// An LSTM whose input projection, (B·5, 300) · W (300, 128), copies panels.
[Sequential, Input(5, 300), Lstm(32), Dense(2)]
public partial class PackedLstmNet;
