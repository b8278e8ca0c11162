// Networks matching the cases of Fixtures/conv_reference.json (tests/reference/make_conv_reference.py).
using Unroll;

namespace Unroll.Tests.Networks;

[Sequential, Input(6, 6, 2), Conv2D(3, 3, Activation = Activation.ReLU), Conv2D(2, 2)]
public partial class ConvValidNet;

[Sequential, Input(7, 7, 2), Conv2D(3, 3, Strides = new[] { 2 }, Padding = Padding.Same, Activation = Activation.Tanh), Conv2D(2, 2, Strides = new[] { 2 }, Padding = Padding.Same)]
public partial class ConvSameStride2Net;

[Sequential, Input(5, 6, 1), Conv2D(2, 2, Padding = Padding.Same), Conv2D(2, 3, Strides = new[] { 2, 1 })]
public partial class ConvSameEvenKernelNet;

[Sequential, Input(2, 6, 6), Conv2D(3, 3, DataFormat = DataFormat.ChannelsFirst, Activation = Activation.ReLU), Conv2D(2, 3, DataFormat = DataFormat.ChannelsFirst, Padding = Padding.Same)]
public partial class ConvChannelsFirstNet;

[Sequential, Input(8, 7, 2), Conv2D(3, 3, Strides = new[] { 2 }, Padding = Padding.Same, Activation = Activation.Tanh), AveragePooling2D(3, Strides = new[] { 2 }, Padding = Padding.Same), Flatten, Dense(2)]
public partial class ConvSameStride2AsymNet;

[Sequential, Input(7, 7, 1), Conv2D(2, 2, Strides = new[] { 2 }, Padding = Padding.Same), MaxPooling2D(3, Strides = new[] { 2 }, Padding = Padding.Same), Flatten, Dense(2)]
public partial class MaxPoolSameAsymNet;

[Sequential, Input(5, 5, 3), Conv2D(4, 3, UseBias = false), Flatten, Dense(2)]
public partial class ConvNoBiasNet;

[Sequential, Input(6, 6, 2), Conv2D(3, 3, Padding = Padding.Same), MaxPooling2D(2), Flatten, Dense(2)]
public partial class MaxPoolValidNet;

[Sequential, Input(7, 7, 2), Conv2D(2, 3), MaxPooling2D(3, Strides = new[] { 2 }, Padding = Padding.Same), Flatten, Dense(2)]
public partial class MaxPoolSame3S2Net;

[Sequential, Input(7, 5, 1), Conv2D(2, 2), MaxPooling2D(2), Flatten, Dense(3, Activation = Activation.Softmax)]
public partial class MaxPoolOddValidNet;

[Sequential, Input(7, 5, 1), Conv2D(2, 2, Padding = Padding.Same), MaxPooling2D(2), Flatten, Dense(3, Activation = Activation.Softmax)]
public partial class MaxPoolOddInputNet;

[Sequential, Input(6, 6, 2), Conv2D(3, 3, Padding = Padding.Same), AveragePooling2D(2), Flatten, Dense(2)]
public partial class AvgPoolValidNet;

[Sequential, Input(7, 7, 2), Conv2D(2, 3), AveragePooling2D(3, Strides = new[] { 2 }, Padding = Padding.Same), Flatten, Dense(2)]
public partial class AvgPoolSame3S2Net;

[Sequential, Input(5, 5, 2), Conv2D(3, 3, Padding = Padding.Same, Activation = Activation.ReLU), GlobalAveragePooling2D, Dense(2)]
public partial class GlobalAvgNet;

[Sequential, Input(5, 5, 2), Conv2D(3, 3, Padding = Padding.Same, Activation = Activation.ReLU), GlobalMaxPooling2D, Dense(2)]
public partial class GlobalMaxNet;

[Sequential, Input(10, 3), Conv1D(4, 3, Activation = Activation.ReLU), Conv1D(3, 3, Padding = Padding.Same), MaxPooling1D(2), GlobalAveragePooling1D, Dense(1)]
public partial class Conv1DNet;

[Sequential, Input(9, 2), Conv1D(3, 2, Strides = 2), Flatten, Dense(2)]
public partial class Conv1DStrideNet;

[Sequential, Input(4, 5), Dense(3, Activation = Activation.Tanh), Flatten, Dense(2)]
public partial class DenseRank3Net;

[Sequential, Input(8, 8, 1), Conv2D(4, 3, Activation = Activation.ReLU), MaxPooling2D(2), Flatten, Dense(5, Activation = Activation.ReLU), Dense(3, Activation = Activation.Softmax)]
public partial class ConvToDenseSoftmaxNet;

// Dropout after the input and inside a convolutional stack, for the dropout tests.
[Sequential, Input(6, 6, 1), Dropout(0.2f), Conv2D(4, 3, Activation = Activation.ReLU), MaxPooling2D(2), Dropout(0.5f), Flatten, Dense(3, Activation = Activation.Softmax)]
public partial class DropoutNet;

// DropoutNet without its Dropout layers: the same parameter layout, so Predict must agree exactly.
[Sequential, Input(6, 6, 1), Conv2D(4, 3, Activation = Activation.ReLU), MaxPooling2D(2), Flatten, Dense(3, Activation = Activation.Softmax)]
public partial class NoDropoutTwinNet;

// Smooth (tanh, average pooling) and channels first, for finite differences.
[Sequential, Input(2, 7, 6), Conv2D(3, 3, DataFormat = DataFormat.ChannelsFirst, Padding = Padding.Same, Activation = Activation.Tanh), AveragePooling2D(2, DataFormat = DataFormat.ChannelsFirst), Conv2D(2, 2, DataFormat = DataFormat.ChannelsFirst, Activation = Activation.Tanh), Flatten, Dense(3)]
public partial class ChannelsFirstTanhNet;

// 16 channels (vectorised max pooling) with clipped same-padding windows.
[Sequential, Input(7, 7, 3), Conv2D(16, 3, Padding = Padding.Same, Activation = Activation.Tanh), MaxPooling2D(3, Strides = new[] { 2 }, Padding = Padding.Same), Flatten, Dense(2)]
public partial class PoolVectorNet;

// The Keras 1-D sequence-convolution recipe.
[Sequential]
[Input(64, 16)]
[Conv1D(64, 3, Activation = Activation.ReLU)]
[Conv1D(64, 3, Activation = Activation.ReLU)]
[MaxPooling1D(3)]
[Conv1D(128, 3, Activation = Activation.ReLU)]
[Conv1D(128, 3, Activation = Activation.ReLU)]
[GlobalAveragePooling1D]
[Dropout(0.5f)]
[Dense(1, Activation = Activation.Sigmoid)]
public partial class SequenceRecipeNet;

// Token ids → embeddings → Dense.
[Sequential, Input(5), Embedding(10, 3), Flatten, Dense(2, Activation = Activation.Tanh)]
public partial class EmbeddingNet;

// A workspace of about 71 000 floats per sample (the Fashion-MNIST CNN's: 82 000; the Flatten
// shares the convolution's buffers): Predict's chunks meet their lower bound of 32 samples per thread.
[Sequential, Input(28, 28, 1), Conv2D(48, 3, Activation = Activation.ReLU), Flatten, Dense(2)]
public partial class LargeWorkspaceNet;

// A ReLU convolution under a max pool: the pool applies the ReLU's derivative as it routes its
// gradient (ImageKernels.MaxPoolReluBackward). 8 channels and 2×2 windows tiling the 6×6 image take
// the vector path; the twins put a Dropout(0) (the identity, with a mask of ones) between the two
// layers, so the ReLU's own backward pass runs there, and their gradients must be the same bits.
[Sequential, Input(8, 8, 2), Conv2D(8, 3, Activation = Activation.ReLU), MaxPooling2D(2), Flatten, Dense(3)]
public partial class ReluPoolTiledNet;

[Sequential, Input(8, 8, 2), Conv2D(8, 3, Activation = Activation.ReLU), Dropout(0f), MaxPooling2D(2), Flatten, Dense(3)]
public partial class ReluPoolTiledTwinNet;

// Overlapping, padded windows (the clear-and-add path) over 5 channels.
[Sequential, Input(7, 7, 2), Conv2D(5, 3, Padding = Padding.Same, Activation = Activation.ReLU), MaxPooling2D(3, Strides = new[] { 2 }, Padding = Padding.Same), Flatten, Dense(3)]
public partial class ReluPoolOverlapNet;

[Sequential, Input(7, 7, 2), Conv2D(5, 3, Padding = Padding.Same, Activation = Activation.ReLU), Dropout(0f), MaxPooling2D(3, Strides = new[] { 2 }, Padding = Padding.Same), Flatten, Dense(3)]
public partial class ReluPoolOverlapTwinNet;
