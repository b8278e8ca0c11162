// The architectures of Fixtures/tfjs (tests/reference/tfjs/make_tfjs_models.mjs), declared with attributes.
using Unroll;

namespace Unroll.Tests.Networks;

[Sequential, Input(10), Dense(16, Activation = Activation.ReLU, L2 = 0.01f), Dropout(0.25f), Dense(8, Activation = Activation.Tanh), Dense(3, Activation = Activation.Softmax)]
public partial class TfjsMlpNet;

[Sequential, Input(8, 8, 1), Conv2D(4, 3, Activation = Activation.ReLU), MaxPooling2D(2), Conv2D(6, 3, Padding = Padding.Same), Flatten, Dense(3, Activation = Activation.Softmax)]
public partial class TfjsCnnNet;

[Sequential, Input(12, 2), Conv1D(5, 3, Activation = Activation.ReLU), MaxPooling1D(2), GlobalAveragePooling1D, Dense(1, Activation = Activation.Sigmoid)]
public partial class TfjsConv1DNet;

[Sequential, Input(6), Embedding(20, 8), Lstm(5, ReturnSequences = true), Lstm(4), Dense(2, Activation = Activation.Softmax)]
public partial class TfjsLstmNet;

// The same architectures read by the generator from the TF.js files themselves ([KerasModel]).
[KerasModel("tfjs/pima/model.json")]
public partial class PimaFromTfjs;

[KerasModel("tfjs/mlp/model.json")]
public partial class MlpFromTfjs;

[KerasModel("tfjs/cnn/model.json")]
public partial class CnnFromTfjs;

[KerasModel("tfjs/conv1d/model.json")]
public partial class Conv1DFromTfjs;

[KerasModel("tfjs/lstm_sigmoid/model.json")]
public partial class LstmFromTfjs;

// The TF.js Pima weights baked into this test assembly (tests/reference/make_baked_fixture.py).
[Sequential, Input(8), Dense(12, Activation = Activation.ReLU), Dense(1, Activation = Activation.Sigmoid), BakedWeights("baked/pima.safetensors")]
public partial class BakedPimaNet;
