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
