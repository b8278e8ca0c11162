// Networks whose long reductions (over 128 steps with Vector512, 256 otherwise) meet a column
// panel of B that is B's whole rows: the batched kernels read it in place instead of packing it.
using Unroll;

namespace Unroll.Tests.Networks;

// Vector512: the 300 → 64 forward pass (one block of 4 × Vector512, the MNIST MLP's first layer) and
// the input gradient of 64 → 300 (g · Wᵀ, 300 steps over 64 columns); Vector256: 300 → 24 (one block of 3 × Vector256).
[Sequential, Input(300), Dense(64, Activation = Activation.ReLU), Dense(300, Activation = Activation.Tanh), Dense(24, Activation = Activation.Tanh), Dense(3)]
public partial class WholeRowPanelNet;

// Vector512 and Vector256: 300 → 16 (one Vector512, two Vector256) and the input gradient of
// 16 → 260; Vector128: 260 → 12 (one block of 3 × Vector128).
[Sequential, Input(300), Dense(16, Activation = Activation.Tanh), Dense(260, Activation = Activation.Tanh), Dense(12, Activation = Activation.Tanh), Dense(2)]
public partial class NarrowWholeRowPanelNet;
