// The architectures of Fixtures/keras (SOURCES.md there), declared with attributes.
using Unroll;

namespace Unroll.Keras.Tests.Networks;

// keras3_1_mnist_convnet.keras / _legacy.h5 (Keras 3.1.1): the keras.io mnist_convnet example.
[Sequential, Input(28, 28, 1), Conv2D(32, 3, Activation = Activation.ReLU), MaxPooling2D(2), Conv2D(64, 3, Activation = Activation.ReLU), MaxPooling2D(2),
 Flatten, Dropout(0.5f), Dense(10, Activation = Activation.Softmax)]
public partial class MnistConvnet;

// keras3_11_mnist_cnn.keras / _legacy.h5 (Keras 3.11.3).
[Sequential, Input(28, 28, 1), Conv2D(32, 3, Activation = Activation.ReLU), MaxPooling2D(2), Conv2D(64, 3, Activation = Activation.ReLU), MaxPooling2D(2),
 Flatten, Dense(128, Activation = Activation.ReLU), Dropout(0.5f), Dense(10, Activation = Activation.Softmax)]
public partial class MnistCnn;

// keras3_mnist_cnn3.weights.h5 (Keras 3 save_weights; architecture from the repository's model.py).
[Sequential, Input(28, 28, 1), Conv2D(32, 3, Activation = Activation.ReLU), MaxPooling2D(2), Conv2D(64, 3, Activation = Activation.ReLU), MaxPooling2D(2),
 Conv2D(64, 3, Activation = Activation.ReLU), Flatten, Dense(64, Activation = Activation.ReLU), Dropout(0.5f), Dense(64, Activation = Activation.ReLU),
 Dense(10, Activation = Activation.Softmax)]
public partial class MnistCnn3;

// The same two architectures read by the generator from the config.json of each .keras archive.
[KerasModel("keras/keras3_1_mnist_convnet_config.json")]
public partial class MnistConvnetFromConfig;

[KerasModel("keras/keras3_11_mnist_cnn_config.json")]
public partial class MnistCnnFromConfig;

// The same two read from the archives themselves: the build extracts config.json (UnrollKerasModel in the project).
[KerasModel("keras/keras3_1_mnist_convnet.keras")]
public partial class MnistConvnetFromArchive;

[KerasModel("keras/keras3_11_mnist_cnn.keras")]
public partial class MnistCnnFromArchive;

// keras2_1_lstm_*.h5 (Keras 2.1.3): LSTM(50) with Keras 2's hard_sigmoid gates, then Dense(1).
[Sequential, Input(1, 1), Lstm(50, RecurrentActivation = Activation.HardSigmoidKeras2), Dense(1)]
public partial class Keras2Lstm;

// The same LSTM with Keras 3's hard_sigmoid: what the file would mean if its version were ignored.
[Sequential, Input(1, 1), Lstm(50, RecurrentActivation = Activation.HardSigmoid), Dense(1)]
public partial class Keras3HardSigmoidLstm;

// The architecture read by the generator from the model.to_json() of Keras 2.1.3, its LSTM input dropout (training only;
// Unroll has none) set to 0 (Fixtures/keras/README.md); keras_version 2.1.3 picks Keras 2's hard_sigmoid.
[KerasModel("keras/keras2_1_lstm_config_inference.json")]
public partial class Keras2LstmFromConfig;

// The architectures read from the legacy full-model .h5 files themselves: Unroll.Keras's build task extracts their
// model_config (UnrollKerasModel in the project). The Keras 2.1.3 file keeps its LSTM's training dropout (UNR0209, silenced there).
[KerasModel("keras/keras2_1_lstm_model.h5")]
public partial class Keras2LstmFromModelH5;

[KerasModel("keras/keras3_1_mnist_convnet_legacy.h5")]
public partial class MnistConvnetFromLegacyH5;

[KerasModel("keras/keras3_11_mnist_cnn_legacy.h5")]
public partial class MnistCnnFromLegacyH5;
