using Unroll;

namespace Unroll.Benchmarks;

/// <summary>The classic Keras Pima network: 8 inputs -> 12 relu -> 1 sigmoid.</summary>
[Sequential]
[Input(8)]
[Dense(12, Activation = Activation.ReLU)]
[Dense(1, Activation = Activation.Sigmoid)]
public partial class PimaNet;

/// <summary>An MNIST-sized MLP: 784 inputs -> 64 relu -> 64 relu -> 10 softmax.</summary>
[Sequential]
[Input(784)]
[Dense(64, Activation = Activation.ReLU)]
[Dense(64, Activation = Activation.ReLU)]
[Dense(10, Activation = Activation.Softmax)]
public partial class MnistMlp;

/// <summary>One linear Dense 1024 -> 1024 (GEMM-bound at batch 64).</summary>
[Sequential]
[Input(1024)]
[Dense(1024)]
public partial class Dense1024;

/// <summary>
/// The Keras Fashion-MNIST CNN, declared as in samples/FashionMnistCnn (class renamed):
/// (28, 28, 1) -> Conv2D 32 3x3 relu (26x26x32) -> MaxPooling2D 2 (13x13x32) -> Dropout 0.25
/// -> Flatten (5408) -> Dense 128 relu -> Dropout 0.5 -> Dense 10 softmax.
/// </summary>
[Sequential]
[Input(28, 28, 1)]
[Conv2D(32, 3, Activation = Activation.ReLU)]
[MaxPooling2D(2)]
[Dropout(0.25f)]
[Flatten]
[Dense(128, Activation = Activation.ReLU)]
[Dropout(0.5f)]
[Dense(10, Activation = Activation.Softmax)]
public partial class BenchFashionCnn;

/// <summary>A sequence classifier: (20 steps, 32 features) -> LSTM 64 (last state) -> Dense 1 sigmoid.</summary>
[Sequential, Input(20, 32), Lstm(64), Dense(1, Activation = Activation.Sigmoid)]
public partial class BenchLstm;

/// <summary>
/// The streaming case: one time step per call of a stateful LSTM(64) over 32 features, then Dense 1
/// (RTNeural's LSTM benchmark shape); the state carries from call to call.
/// </summary>
[Sequential, Input(1, 32, BatchSize = 1), Lstm(64, Stateful = true), Dense(1)]
public partial class BenchLstmStep;
