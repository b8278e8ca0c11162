// Networks compiled by the generator for the runtime and numerics tests. Each is declared once
// here; the reference interpreter describes the same network independently
// (tests/Shared/Reference/ReferenceInterpreter.cs, networks listed in Numerics/GradientCheckTests.cs).
using Unroll;

namespace Unroll.Tests.Networks;

[Sequential, Input(8), Dense(12, Activation = Activation.ReLU), Dense(1, Activation = Activation.Sigmoid)]
public partial class PimaNet;

[Sequential, Input(2), Dense(8, Activation = Activation.Tanh), Dense(1, Activation = Activation.Sigmoid)]
public partial class XorNet;

// Output activation varies (hidden tanh): every activation × loss pair is checked on these.
[Sequential, Input(4), Dense(5, Activation = Activation.Tanh), Dense(3)]
public partial class OutLinearNet;

[Sequential, Input(4), Dense(5, Activation = Activation.Tanh), Dense(3, Activation = Activation.ReLU)]
public partial class OutReluNet;

[Sequential, Input(4), Dense(5, Activation = Activation.Tanh), Dense(3, Activation = Activation.Sigmoid)]
public partial class OutSigmoidNet;

[Sequential, Input(4), Dense(5, Activation = Activation.Tanh), Dense(3, Activation = Activation.Tanh)]
public partial class OutTanhNet;

[Sequential, Input(4), Dense(5, Activation = Activation.Tanh), Dense(3, Activation = Activation.Softmax)]
public partial class OutSoftmaxNet;

// Hidden activation varies (linear output).
[Sequential, Input(4), Dense(5), Dense(3)]
public partial class HiddenLinearNet;

[Sequential, Input(4), Dense(5, Activation = Activation.ReLU), Dense(3)]
public partial class HiddenReluNet;

[Sequential, Input(4), Dense(5, Activation = Activation.Sigmoid), Dense(3)]
public partial class HiddenSigmoidNet;

[Sequential, Input(4), Dense(5, Activation = Activation.Softmax), Dense(3)]
public partial class HiddenSoftmaxNet;

// Remaining combinations of the PyTorch reference cases.
[Sequential, Input(4), Dense(5, Activation = Activation.ReLU), Dense(1, Activation = Activation.Sigmoid)]
public partial class ReluSigmoidOneNet;

[Sequential, Input(4), Dense(5, Activation = Activation.ReLU), Dense(3, Activation = Activation.Softmax)]
public partial class ReluSoftmaxNet;

[Sequential, Input(4), Dense(5, Activation = Activation.Sigmoid), Dense(3, Activation = Activation.Tanh)]
public partial class SigmoidTanhNet;

// Separate Activation layers, no bias, L2, three Dense layers (a middle layer with an input gradient).
[Sequential]
[Input(4)]
[Dense(6, UseBias = false, L2 = 0.01f, KernelInitializer = Initializer.HeNormal)]
[Activation(Activation.ReLU)]
[Dense(5, Activation = Activation.Tanh, L2 = 0.02f)]
[Dense(3)]
[Activation(Activation.Softmax)]
public partial class MixedNet;

// A reduction longer than one block (300 > 256 inputs): the blocked-reduction kernel.
[Sequential, Input(300), Dense(30, Activation = Activation.ReLU), Dense(4, Activation = Activation.Softmax)]
public partial class LongNet;

// Rows of 130 floats: the packed-panel kernels (forward and weight gradient).
[Sequential, Input(6), Dense(130, Activation = Activation.Tanh), Dense(3)]
public partial class BroadNet;

// More than 16 384 parameters (20 302): the optimizer update is split across threads.
[Sequential, Input(200), Dense(100, Activation = Activation.ReLU), Dense(2)]
public partial class UpdateNet;

// Wide enough to use the blocked (24-column) kernels, the Vector256 remainder, the Vector128 and scalar tails.
[Sequential, Input(20), Dense(77, Activation = Activation.ReLU), Dense(70, Activation = Activation.Tanh), Dense(2, Activation = Activation.Softmax)]
public partial class WideNet;

// Output layers whose weight gradient (602 × 450 = 270 900 floats, over 2^18) the threads split by
// its rows, each over the whole batch: one with dx to the layer below, one on the data. 602 rows and
// 450 columns leave tail rows and tail columns.
[Sequential, Input(24), Dense(602, Activation = Activation.Tanh), Dense(450)]
public partial class WideOutputNet;

[Sequential, Input(602), Dense(450)]
public partial class WideSingleDenseNet;

// Layers over 2^19 floats that are not the output layer: their weight gradient is split by its rows
// once every batch range has its g (as the Fashion-MNIST CNN's Dense 5408 → 128). A first layer of
// 1030 × 510 (no dx), and a middle one of 1030 × 510 between a layer below (which needs its dx) and the
// output layer. Tail rows and columns.
[Sequential, Input(1030), Dense(510, Activation = Activation.Tanh), Dense(7)]
public partial class FirstLayerSplitNet;

[Sequential, Input(13), Dense(1030, Activation = Activation.Tanh), Dense(510, Activation = Activation.ReLU), Dense(7)]
public partial class InnerLayerSplitNet;

// A wide only layer (602 × 450 floats, over 2^18) with relu fused into the store and no bias: the
// threads split its forward pass by output columns (WideSingleDenseNet is the linear one with bias).
[Sequential, Input(602), Dense(450, Activation = Activation.ReLU, UseBias = false)]
public partial class WideReluNet;
