// The networks the pictures are drawn of.
using Unroll;

namespace Unroll.Plotting.Tests;

[Sequential, Input(8), Dense(12, Activation = Activation.ReLU), Dense(1, Activation = Activation.Sigmoid)]
public partial class PimaNet;

[Sequential, Input(8, 8, 1), Conv2D(4, 3, Activation = Activation.ReLU), MaxPooling2D(2), Flatten, Dense(3, Activation = Activation.Softmax)]
public partial class SmallConvNet;
